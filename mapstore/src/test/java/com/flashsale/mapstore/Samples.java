package com.flashsale.mapstore;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Domain values for the store tests, built with the records' own factories and transitions: a ledger only
 * ever changes through {@link Ledger#apply}, as in the grid, so every figure and version is one the grid
 * could hold.
 */
final class Samples {

  static final Instant STARTS = Instant.parse("2026-11-21T10:00:00Z");
  static final Instant ENDS = Instant.parse("2026-11-21T12:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-21T10:05:00.123Z");
  static final int PAYMENT_WINDOW_SECONDS = 300;

  private Samples() {}

  static Sale sale(String saleId) {
    return Sale.create(saleId, "Black Friday " + saleId, STARTS, ENDS, 2, PAYMENT_WINDOW_SECONDS, List.of(
        new Product("p-2", "Kettle", "1.7 litres", new BigDecimal("19.99"), "EUR", 100),
        new Product("p-1", "Toaster", null, new BigDecimal("5.00"), "EUR", 7),
        new Product("p-3", "Mug", "Blue", new BigDecimal("0.5"), "USD", 0)));
  }

  /** A product's ledger before its first order: version 1, every unit available. */
  static Ledger ledger(ProductKey product, int units) {
    return Ledger.initial(product.saleId(), units, STARTS, ENDS);
  }

  /** The ledger with a new PENDING order placed at {@link #NOW}, without an Idempotency-Key. */
  static Ledger place(Ledger ledger, ProductKey product, long orderId, String userId, int quantity) {
    return place(ledger, product, orderId, userId, quantity, NOW, null);
  }

  /** The ledger with a new PENDING order placed at {@code at}; {@code key} (may be null) hashes to "hash-" + key. */
  static Ledger place(Ledger ledger, ProductKey product, long orderId, String userId, int quantity, Instant at,
      String key) {
    Order order = Order.placed(orderId, product, userId, quantity, new BigDecimal("19.99"), "EUR",
        PAYMENT_WINDOW_SECONDS, at, key, key == null ? null : "hash-" + key);
    return ledger.apply(LedgerChange.of(order));
  }

  static Ledger pay(Ledger ledger, long orderId) {
    Order order = ledger.order(orderId).orElseThrow();
    return ledger.apply(LedgerChange.of(order.confirmed("pay-" + orderId, order.createdAt().plusSeconds(30))));
  }

  static Ledger failPayment(Ledger ledger, long orderId) {
    Order order = ledger.order(orderId).orElseThrow();
    return ledger.apply(LedgerChange.of(
        order.cancelled(CancelReason.PAYMENT_FAILED, "pay-" + orderId, order.createdAt().plusSeconds(40))));
  }

  static Ledger expire(Ledger ledger, long orderId) {
    Order order = ledger.order(orderId).orElseThrow();
    return ledger.apply(LedgerChange.of(order.cancelled(CancelReason.EXPIRED, null, order.expiresAt())));
  }

  /**
   * The ledger with an order the database must refuse: CANCELLED without a reason breaks a CHECK of table
   * {@code orders}. The ledger itself accepts it (a cancelled order holds no units either way).
   */
  static Ledger placeBroken(Ledger ledger, ProductKey product, long orderId) {
    Order pending = place(ledger, product, orderId, "u-broken", 1).order(orderId).orElseThrow();
    Order broken = new Order(orderId, pending.saleId(), pending.productId(), pending.userId(), pending.quantity(),
        pending.unitPrice(), pending.currency(), OrderStatus.CANCELLED, null, pending.createdAt(),
        pending.updatedAt(), null, null, 1, null, null);
    return ledger.apply(LedgerChange.of(broken));
  }
}
