package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A placement, whole, in one operation on the product's partition: the sale window (at cluster time), the
 * user's limit, the units, and the new order are decided together, so placements of one product are served
 * one at a time in arrival order and can neither oversell nor pass the limit. Placing an order id the ledger
 * already has changes nothing and answers with that order: a retried operation or a replay under the same
 * Idempotency-Key can never take units twice. On a sale with a waiting room the placement needs the admission
 * token of the user's ADMITTED ticket for this quantity; the ticket becomes USED in the same change that creates
 * the order, so one admission gives at most one order.
 */
public final class PlaceOrder extends LedgerOperation<Placement> {

  public static final String TYPE_NAME = "PlaceOrder";

  private final long orderId;
  private final String userId;
  private final int quantity;
  private final int perUserLimit;
  private final int paymentWindowSeconds;
  private final BigDecimal unitPrice;
  private final String currency;
  private final String idempotencyKey;
  private final String requestHash;
  private final String admission;

  /**
   * The order's figures; {@code idempotencyKey} and {@code requestHash} are null without a key, {@code admission}
   * (the waiting room's admission token) null without one.
   */
  public PlaceOrder(long orderId, String userId, int quantity, int perUserLimit, int paymentWindowSeconds,
      BigDecimal unitPrice, String currency, String idempotencyKey, String requestHash, String admission) {
    this.orderId = orderId;
    this.userId = userId;
    this.quantity = quantity;
    this.perUserLimit = perUserLimit;
    this.paymentWindowSeconds = paymentWindowSeconds;
    this.unitPrice = unitPrice;
    this.currency = currency;
    this.idempotencyKey = idempotencyKey;
    this.requestHash = requestHash;
    this.admission = admission;
  }

  @Override
  protected Placement decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    Ledger ledger = entry.getValue();
    if (ledger == null) {
      // The sale exists but not its ledger: a sale being created right now.
      return Placement.rejected(Placement.Outcome.UNAVAILABLE);
    }
    Order existing = ledger.orders().get(orderId);
    if (existing != null) {
      return Placement.replayed(existing);
    }
    SaleStatus status = ledger.statusAt(now);
    if (status != SaleStatus.ACTIVE) {
      return Placement.saleNotActive(status);
    }
    Ticket ticket = null;
    if (ledger.room() != null) {
      ticket = ledger.room().ticket(Ticket.seqOf(admission));
      if (ticket == null || !admits(ticket, now)) {
        return Placement.rejected(Placement.Outcome.ADMISSION_REQUIRED);
      }
    }
    Placement refusal = refusal(ledger);
    if (refusal != null) {
      if (ticket != null) {
        // An admission refused for another reason ends: its units pass to the next ticket.
        commit(entry, LedgerChange.ofTickets(List.of(ticket.ended(TicketStatus.EXPIRED, now))));
      }
      return refusal;
    }
    Order order = Order.placed(orderId, entry.getKey(), userId, quantity, unitPrice, currency, paymentWindowSeconds,
        Instant.ofEpochMilli(now), idempotencyKey, requestHash);
    Ledger next = commit(entry, ticket == null ? LedgerChange.of(order) : LedgerChange.of(order, ticket.used(orderId, now)));
    return Placement.created(next.orders().get(orderId), next.available());
  }

  /** Whether the ticket admits this placement: its own token, user and quantity, and an admission still valid. */
  private boolean admits(Ticket ticket, long now) {
    return ticket.isAdmittedBy(admission) && ticket.userId().equals(userId) && ticket.quantity() == quantity
        && now < ticket.admissionExpiresAt();
  }

  /** Why the ledger cannot give the units (the limit, then the stock), or null when it can. */
  private Placement refusal(Ledger ledger) {
    if (ledger.wouldExceedLimit(userId, quantity, perUserLimit)) {
      return Placement.limitExceeded(perUserLimit, ledger.unitsOf(userId));
    }
    if (ledger.available() == 0) {
      return Placement.rejected(Placement.Outcome.SOLD_OUT);
    }
    if (ledger.available() < quantity) {
      return Placement.insufficientStock(ledger.available());
    }
    return null;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<PlaceOrder> {
    public Serializer() {
      super(TYPE_NAME, PlaceOrder.class);
    }

    @Override
    public PlaceOrder read(CompactReader reader) {
      return new PlaceOrder(reader.readInt64("orderId"), reader.readString("userId"), reader.readInt32("quantity"),
          reader.readInt32("perUserLimit"), reader.readInt32("paymentWindowSeconds"), reader.readDecimal("unitPrice"),
          reader.readString("currency"), reader.readString("idempotencyKey"), reader.readString("requestHash"),
          reader.readString("admission"));
    }

    @Override
    public void write(CompactWriter writer, PlaceOrder processor) {
      writer.writeInt64("orderId", processor.orderId);
      writer.writeString("userId", processor.userId);
      writer.writeInt32("quantity", processor.quantity);
      writer.writeInt32("perUserLimit", processor.perUserLimit);
      writer.writeInt32("paymentWindowSeconds", processor.paymentWindowSeconds);
      writer.writeDecimal("unitPrice", processor.unitPrice);
      writer.writeString("currency", processor.currency);
      writer.writeString("idempotencyKey", processor.idempotencyKey);
      writer.writeString("requestHash", processor.requestHash);
      writer.writeString("admission", processor.admission);
    }
  }
}
