package com.flashsale.node.domain;

/**
 * A ticket's public id, {@code <product index>-<seq>-<nonce>}: the product's place in its sale's list (so a poll
 * finds the product's partition without a lookup table), the join order, and the random part that keeps ids from
 * being guessed. It matches the contract's id pattern.
 */
public record TicketId(int productIndex, long seq, String nonce) {

  public static TicketId of(Sale sale, String productId, Ticket ticket) {
    return new TicketId(sale.indexOf(productId), ticket.seq(), ticket.nonce());
  }

  /** The id {@code text} spells, or null when it spells none. */
  public static TicketId parse(String text) {
    String[] parts = text.split("-", 3);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return null;
    }
    try {
      return new TicketId(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  @Override
  public String toString() {
    return productIndex + "-" + seq + "-" + nonce;
  }
}
