package com.flashsale.node.processors;

import com.flashsale.node.domain.Order;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** The answer of an order entry processor: what happened, and the order as it now stands (null if none). */
public record OrderChange(Outcome outcome, Order order) {

  public static final String TYPE_NAME = "OrderChange";

  /** How an order transition or creation ended. */
  public enum Outcome {
    /** The order was created, or moved as asked, by this call: its units must now be settled. */
    APPLIED,
    /** The same change took effect earlier: answer as then; re-settling is harmless and heals a crash. */
    ALREADY_APPLIED,
    /** The order's payment window had passed: it was made CANCELLED/EXPIRED, its units must be released. */
    EXPIRED,
    /** The order is in a state this change does not apply to. */
    NOT_PENDING,
    /** The order is PENDING and its payment window is still open (only for expiry). */
    NOT_DUE,
    /** The order id was voided by repair: a placement that finished too late must fail. */
    VOIDED,
    /** No such order. */
    NOT_FOUND
  }

  public static OrderChange of(Outcome outcome, Order order) {
    return new OrderChange(outcome, order);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<OrderChange> {
    public Serializer() {
      super(TYPE_NAME, OrderChange.class);
    }

    @Override
    public OrderChange read(CompactReader reader) {
      return new OrderChange(Outcome.valueOf(reader.readString("outcome")), reader.readCompact("order"));
    }

    @Override
    public void write(CompactWriter writer, OrderChange change) {
      writer.writeString("outcome", change.outcome().name());
      writer.writeCompact("order", change.order());
    }
  }
}
