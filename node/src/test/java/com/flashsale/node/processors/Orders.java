package com.flashsale.node.processors;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.testing.TestSales;
import java.time.Instant;
import java.util.List;

/** Orders for processor tests: placed at {@link #PLACED} in a sale with a 60 s payment window. */
final class Orders {

  static final Instant PLACED = Instant.parse("2026-11-21T10:30:00Z");
  static final long DURING_WINDOW = PLACED.plusSeconds(30).toEpochMilli();
  static final long AFTER_WINDOW = PLACED.plusSeconds(60).toEpochMilli();

  private static final Product PRODUCT = TestSales.product("p1", 10);
  private static final Sale SALE = Sale.create("s1", "Sale", PLACED.minusSeconds(600), PLACED.plusSeconds(3600), 3, 60,
      List.of(PRODUCT));

  private Orders() {}

  static Order pending(long orderId) {
    return Order.placed(orderId, SALE, PRODUCT, "u1", 2, PLACED);
  }
}
