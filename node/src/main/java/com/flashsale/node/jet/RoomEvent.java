package com.flashsale.node.jet;

import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.List;

/**
 * What one operation did to a product's waiting room, for the statistics job: tickets that joined, were
 * admitted, expired or were told SOLD_OUT, and how the queue's length moved. Written fire-and-forget with the
 * placement events; {@code at} is the cluster time of the operation.
 */
public record RoomEvent(String saleId, String productId, long at, int joined, int admitted, int expired, int soldOut,
    int waitingDelta) implements SaleInput {

  public static final String TYPE_NAME = "RoomEvent";

  public static RoomEvent joined(String saleId, String productId, long at) {
    return new RoomEvent(saleId, productId, at, 1, 0, 0, 0, 1);
  }

  /**
   * The room keeper's changes, from the tickets as they now stand: an ADMITTED or SOLD_OUT ticket was WAITING
   * before, and an EXPIRED one was too unless it had been admitted.
   */
  public static RoomEvent of(String saleId, String productId, List<Ticket> changed) {
    int admitted = 0;
    int expired = 0;
    int soldOut = 0;
    int leftQueue = 0;
    long at = 0;
    for (Ticket ticket : changed) {
      at = Math.max(at, ticket.updatedAt());
      if (ticket.status() == TicketStatus.ADMITTED) {
        admitted++;
        leftQueue++;
      } else if (ticket.status() == TicketStatus.SOLD_OUT) {
        soldOut++;
        leftQueue++;
      } else if (ticket.status() == TicketStatus.EXPIRED) {
        expired++;
        leftQueue += ticket.admittedAt() == 0 ? 1 : 0;
      }
    }
    return new RoomEvent(saleId, productId, at, 0, admitted, expired, soldOut, -leftQueue);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<RoomEvent> {
    public Serializer() {
      super(TYPE_NAME, RoomEvent.class);
    }

    @Override
    public RoomEvent read(CompactReader reader) {
      return new RoomEvent(reader.readString("saleId"), reader.readString("productId"), reader.readInt64("at"),
          reader.readInt32("joined"), reader.readInt32("admitted"), reader.readInt32("expired"),
          reader.readInt32("soldOut"), reader.readInt32("waitingDelta"));
    }

    @Override
    public void write(CompactWriter writer, RoomEvent event) {
      writer.writeString("saleId", event.saleId());
      writer.writeString("productId", event.productId());
      writer.writeInt64("at", event.at());
      writer.writeInt32("joined", event.joined());
      writer.writeInt32("admitted", event.admitted());
      writer.writeInt32("expired", event.expired());
      writer.writeInt32("soldOut", event.soldOut());
      writer.writeInt32("waitingDelta", event.waitingDelta());
    }
  }
}
