package com.flashsale.node.processors;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.Map;

/**
 * Moves one order out of PENDING, with its units, in one operation on its product's ledger: a payment
 * confirms it (units to confirmed), a failed payment or a cancel returns its units to available, and an
 * order whose window has passed is expired instead, so a late payment can never confirm it. The order's
 * status and the units change together, so an interrupted call can leave nothing half-settled. Asking
 * again for a change that already took effect answers ALREADY_APPLIED with the order, and changes nothing.
 */
public final class SettleOrder extends LedgerOperation<OrderChange> {

  public static final String TYPE_NAME = "SettleOrder";

  /** What the caller asks for. */
  public enum Action {
    PAYMENT_SUCCEEDED,
    PAYMENT_FAILED,
    CANCEL,
    /** Only if the payment window has passed (the sweeper, or a read of an overdue order). */
    EXPIRE
  }

  private final long orderId;
  private final Action action;
  private final String paymentRef;

  public SettleOrder(long orderId, Action action, String paymentRef) {
    this.orderId = orderId;
    this.action = action;
    this.paymentRef = paymentRef;
  }

  @Override
  protected OrderChange decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    Order order = entry.getValue() == null ? null : entry.getValue().orders().get(orderId);
    if (order == null) {
      return OrderChange.of(OrderChange.Outcome.NOT_FOUND, null);
    }
    Instant at = Instant.ofEpochMilli(now);
    if (order.isExpiredAt(at)) {
      Ledger next = commit(entry, LedgerChange.of(order.cancelled(CancelReason.EXPIRED, null, at)));
      return OrderChange.of(OrderChange.Outcome.EXPIRED, next.orders().get(orderId));
    }
    if (order.status() == OrderStatus.PENDING) {
      if (action == Action.EXPIRE) {
        return OrderChange.of(OrderChange.Outcome.NOT_DUE, order);
      }
      Ledger next = commit(entry, LedgerChange.of(settled(order, at)));
      return OrderChange.of(OrderChange.Outcome.APPLIED, next.orders().get(orderId));
    }
    return OrderChange.of(alreadyApplied(order) ? OrderChange.Outcome.ALREADY_APPLIED : OrderChange.Outcome.NOT_PENDING, order);
  }

  private Order settled(Order pending, Instant at) {
    return switch (action) {
      case PAYMENT_SUCCEEDED -> pending.confirmed(paymentRef, at);
      case PAYMENT_FAILED -> pending.cancelled(CancelReason.PAYMENT_FAILED, paymentRef, at);
      case CANCEL -> pending.cancelled(CancelReason.USER_CANCELLED, null, at);
      case EXPIRE -> throw new IllegalStateException("an order not yet due is never expired");
    };
  }

  /** Whether the order already stands where this action would take it. */
  private boolean alreadyApplied(Order order) {
    return switch (action) {
      case PAYMENT_SUCCEEDED -> order.status() == OrderStatus.CONFIRMED;
      case PAYMENT_FAILED -> order.cancelReason() == CancelReason.PAYMENT_FAILED;
      case CANCEL -> order.cancelReason() == CancelReason.USER_CANCELLED;
      case EXPIRE -> order.cancelReason() == CancelReason.EXPIRED;
    };
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<SettleOrder> {
    public Serializer() {
      super(TYPE_NAME, SettleOrder.class);
    }

    @Override
    public SettleOrder read(CompactReader reader) {
      return new SettleOrder(reader.readInt64("orderId"), Action.valueOf(reader.readString("action")),
          reader.readString("paymentRef"));
    }

    @Override
    public void write(CompactWriter writer, SettleOrder processor) {
      writer.writeInt64("orderId", processor.orderId);
      writer.writeString("action", processor.action.name());
      writer.writeString("paymentRef", processor.paymentRef);
    }
  }
}
