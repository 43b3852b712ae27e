package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Room;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.TicketAnswer.Outcome;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.List;
import java.util.Map;

/**
 * A shopper joins a product's waiting room, in one operation on the product's partition: the room's join order
 * is the order in which this operation runs, so it is exact whichever member took the request. A user with a
 * live ticket gets it back unchanged; the per-user limit counts the units the user holds of the product; a join
 * whose quantity cannot be met even if every unit that may come back does (available, unpaid and admitted units)
 * is refused SOLD_OUT at once instead of queueing for nothing. The queue forms before the sale opens; an ENDED
 * sale takes no join.
 */
public final class JoinRoom extends LedgerOperation<TicketAnswer> {

  public static final String TYPE_NAME = "JoinRoom";

  private final String userId;
  private final int quantity;
  private final int perUserLimit;
  private final String nonce;

  /** {@code nonce}: the random part of the new ticket's id, drawn by the member that took the request. */
  public JoinRoom(String userId, int quantity, int perUserLimit, String nonce) {
    this.userId = userId;
    this.quantity = quantity;
    this.perUserLimit = perUserLimit;
    this.nonce = nonce;
  }

  @Override
  protected TicketAnswer decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    Ledger ledger = entry.getValue();
    if (ledger == null) {
      return TicketAnswer.refused(Outcome.UNAVAILABLE);
    }
    Room room = ledger.room();
    if (room == null) {
      return TicketAnswer.refused(Outcome.NO_WAITING_ROOM);
    }
    SaleStatus status = ledger.statusAt(now);
    if (status == SaleStatus.ENDED) {
      return TicketAnswer.saleNotActive(status);
    }
    Ticket live = room.liveTicketOf(userId);
    if (live != null) {
      return TicketAnswer.of(Outcome.ALREADY_JOINED, live, room, ledger.available());
    }
    if (ledger.wouldExceedLimit(userId, quantity, perUserLimit)) {
      return TicketAnswer.limitExceeded(perUserLimit, ledger.unitsOf(userId));
    }
    if (quantity > ledger.available() + ledger.pending() + room.admittedUnits()) {
      return TicketAnswer.refused(Outcome.SOLD_OUT);
    }
    Ticket ticket = Ticket.waiting(room.nextSeq(), nonce, userId, quantity, now);
    Ledger next = commit(entry, LedgerChange.ofTickets(List.of(ticket)));
    return TicketAnswer.of(Outcome.JOINED, next.room().ticket(ticket.seq()), next.room(), next.available());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<JoinRoom> {
    public Serializer() {
      super(TYPE_NAME, JoinRoom.class);
    }

    @Override
    public JoinRoom read(CompactReader reader) {
      return new JoinRoom(reader.readString("userId"), reader.readInt32("quantity"), reader.readInt32("perUserLimit"),
          reader.readString("nonce"));
    }

    @Override
    public void write(CompactWriter writer, JoinRoom processor) {
      writer.writeString("userId", processor.userId);
      writer.writeInt32("quantity", processor.quantity);
      writer.writeInt32("perUserLimit", processor.perUserLimit);
      writer.writeString("nonce", processor.nonce);
    }
  }
}
