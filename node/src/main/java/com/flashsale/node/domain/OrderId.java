package com.flashsale.node.domain;

import java.util.Optional;

/**
 * An order's id as shoppers see it: the order's number (unique, from the cluster's id generator, and the key of
 * its row in PostgreSQL) and the {@link ProductKey#shard() shard} of its product, written {@code number-shard}.
 * The shard names the partition of the order's ledger, which holds the order: a read by id is one operation
 * there, and no copy of the order elsewhere has to be kept in step with it.
 */
public record OrderId(long number, int shard) {

  private static final int MAX_NUMBER_DIGITS = 19;
  private static final int MAX_SHARD_DIGITS = 4;

  public OrderId {
    if (number < 0 || shard < 0 || shard >= ProductKey.SHARDS) {
      throw new IllegalArgumentException("not an order id: " + number + "-" + shard);
    }
  }

  public static OrderId of(Order order) {
    return new OrderId(order.orderId(), order.productKey().shard());
  }

  /** The id in {@code text}, or empty when the text cannot be an id this server issued (as it writes them). */
  public static Optional<OrderId> parse(String text) {
    int dash = text == null ? -1 : text.indexOf('-');
    if (dash < 1 || dash > MAX_NUMBER_DIGITS || text.length() - dash - 1 < 1
        || text.length() - dash - 1 > MAX_SHARD_DIGITS
        || !digits(text, 0, dash) || !digits(text, dash + 1, text.length())) {
      return Optional.empty();
    }
    try {
      long number = Long.parseLong(text, 0, dash, 10);
      int shard = Integer.parseInt(text, dash + 1, text.length(), 10);
      OrderId id = shard < ProductKey.SHARDS ? new OrderId(number, shard) : null;
      // One text per id: "007-0042" is not how any id was written, so it names none.
      return id != null && id.toString().equals(text) ? Optional.of(id) : Optional.empty();
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return number + "-" + shard;
  }
}
