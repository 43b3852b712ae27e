package com.flashsale.mapstore;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Domain values for the store tests, built with the records' own factories and transitions. */
final class Samples {

  static final Instant STARTS = Instant.parse("2026-11-21T10:00:00Z");
  static final Instant ENDS = Instant.parse("2026-11-21T12:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-21T10:05:00.123Z");

  private Samples() {}

  static Sale sale(String saleId) {
    return Sale.create(saleId, "Black Friday " + saleId, STARTS, ENDS, 2, 300, List.of(
        new Product("p-2", "Kettle", "1.7 litres", new BigDecimal("19.99"), "EUR", 100),
        new Product("p-1", "Toaster", null, new BigDecimal("5.00"), "EUR", 7),
        new Product("p-3", "Mug", "Blue", new BigDecimal("0.5"), "USD", 0)));
  }

  static Stock stock(int units) {
    return Stock.initial(units, STARTS, ENDS);
  }

  static Order pending(long orderId, String userId) {
    Sale sale = sale("s1");
    return Order.placed(orderId, sale, sale.product("p-2").orElseThrow(), userId, 2, NOW);
  }

  static Order confirmed(long orderId, String userId) {
    return pending(orderId, userId).confirmed("pay-" + orderId, NOW.plusSeconds(30));
  }

  static Order cancelled(long orderId, String userId) {
    return pending(orderId, userId).cancelled(CancelReason.PAYMENT_FAILED, "pay-" + orderId, NOW.plusSeconds(40));
  }

  /** An order the database must refuse: CANCELLED without a reason breaks a CHECK. */
  static Order brokenOrder(long orderId) {
    Order pending = pending(orderId, "u-broken");
    return new Order(orderId, pending.saleId(), pending.productId(), pending.userId(), pending.quantity(),
        pending.unitPrice(), pending.currency(), OrderStatus.CANCELLED, null, pending.createdAt(), pending.updatedAt(),
        null, null, 2);
  }
}
