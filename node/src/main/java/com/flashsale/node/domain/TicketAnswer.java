package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * How a join or a read of a waiting-room ticket ended: the ticket as it stands with what a waiting page shows
 * (its position, the units wanted ahead of it, the product's available units), all read in one step on the
 * product's partition, or the refusal with the figures the contract puts in its error body.
 */
public record TicketAnswer(Outcome outcome, Ticket ticket, int position, int unitsAhead, int available, int limit,
    int held, SaleStatus saleStatus) {

  public static final String TYPE_NAME = "TicketAnswer";

  /** Every way a join or a read can end. */
  public enum Outcome {
    JOINED,
    ALREADY_JOINED,
    FOUND,
    SALE_NOT_FOUND,
    PRODUCT_NOT_FOUND,
    TICKET_NOT_FOUND,
    NO_WAITING_ROOM,
    SALE_NOT_ACTIVE,
    LIMIT_EXCEEDED,
    SOLD_OUT,
    UNAVAILABLE
  }

  /** The ticket as the room now holds it, with its place read from the same room. */
  public static TicketAnswer of(Outcome outcome, Ticket ticket, Room room, int available) {
    return new TicketAnswer(outcome, ticket, room.position(ticket), room.unitsAhead(ticket), available, 0, 0, null);
  }

  public static TicketAnswer refused(Outcome outcome) {
    return new TicketAnswer(outcome, null, 0, 0, 0, 0, 0, null);
  }

  public static TicketAnswer saleNotActive(SaleStatus status) {
    return new TicketAnswer(Outcome.SALE_NOT_ACTIVE, null, 0, 0, 0, 0, 0, status);
  }

  public static TicketAnswer limitExceeded(int limit, int held) {
    return new TicketAnswer(Outcome.LIMIT_EXCEEDED, null, 0, 0, 0, limit, held, null);
  }

  public boolean hasTicket() {
    return ticket != null;
  }

  /** Compact serializer; the type name is permanent. Enums are written by name. */
  public static final class Serializer extends TypedSerializer<TicketAnswer> {
    public Serializer() {
      super(TYPE_NAME, TicketAnswer.class);
    }

    @Override
    public TicketAnswer read(CompactReader reader) {
      String status = reader.readString("saleStatus");
      return new TicketAnswer(Outcome.valueOf(reader.readString("outcome")), reader.readCompact("ticket"),
          reader.readInt32("position"), reader.readInt32("unitsAhead"), reader.readInt32("available"),
          reader.readInt32("limit"), reader.readInt32("held"), status == null ? null : SaleStatus.valueOf(status));
    }

    @Override
    public void write(CompactWriter writer, TicketAnswer answer) {
      writer.writeString("outcome", answer.outcome().name());
      writer.writeCompact("ticket", answer.ticket());
      writer.writeInt32("position", answer.position());
      writer.writeInt32("unitsAhead", answer.unitsAhead());
      writer.writeInt32("available", answer.available());
      writer.writeInt32("limit", answer.limit());
      writer.writeInt32("held", answer.held());
      writer.writeString("saleStatus", answer.saleStatus() == null ? null : answer.saleStatus().name());
    }
  }
}
