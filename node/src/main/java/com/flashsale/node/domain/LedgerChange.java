package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Arrays;
import java.util.List;

/**
 * What one ledger operation changed: the orders it wrote as they now stand (placed, paid, cancelled,
 * expired), the waiting-room tickets it wrote, and the window's new close ({@code Long.MAX_VALUE} when unchanged). The primary decides it;
 * {@link Ledger#apply} turns it into the next value on the primary and on every backup alike, so a backup
 * receives what changed, never the whole ledger, and can never diverge from its primary.
 */
public record LedgerChange(List<Order> orders, List<Ticket> tickets, long closesAt) {

  public static final String TYPE_NAME = "LedgerChange";

  public LedgerChange {
    orders = List.copyOf(orders);
    tickets = List.copyOf(tickets);
  }

  public static LedgerChange of(Order order) {
    return new LedgerChange(List.of(order), List.of(), Long.MAX_VALUE);
  }

  public static LedgerChange of(List<Order> orders) {
    return new LedgerChange(orders, List.of(), Long.MAX_VALUE);
  }

  /** Waiting-room tickets changed, no order. */
  public static LedgerChange ofTickets(List<Ticket> tickets) {
    return new LedgerChange(List.of(), tickets, Long.MAX_VALUE);
  }

  /** An order written together with the ticket it used or ended. */
  public static LedgerChange of(Order order, Ticket ticket) {
    return new LedgerChange(List.of(order), List.of(ticket), Long.MAX_VALUE);
  }

  /** The window closed at {@code instant} (an operator ended the sale). */
  public static LedgerChange closedAt(long instant) {
    return new LedgerChange(List.of(), List.of(), instant);
  }


  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<LedgerChange> {
    public Serializer() {
      super(TYPE_NAME, LedgerChange.class);
    }

    @Override
    public LedgerChange read(CompactReader reader) {
      return new LedgerChange(Arrays.asList(reader.readArrayOfCompact("orders", Order.class)),
          Arrays.asList(reader.readArrayOfCompact("tickets", Ticket.class)), reader.readInt64("closesAt"));
    }

    @Override
    public void write(CompactWriter writer, LedgerChange change) {
      writer.writeArrayOfCompact("orders", change.orders().toArray(new Order[0]));
      writer.writeArrayOfCompact("tickets", change.tickets().toArray(new Ticket[0]));
      writer.writeInt64("closesAt", change.closesAt());
    }
  }
}
