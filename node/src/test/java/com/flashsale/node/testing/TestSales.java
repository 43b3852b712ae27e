package com.flashsale.node.testing;

import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** Sales and products for tests: open now (started an hour ago, ending in an hour), prices in EUR. */
public final class TestSales {

  private TestSales() {}

  public static Product product(String productId, int stock) {
    return new Product(productId, "Product " + productId, null, new BigDecimal("19.99"), "EUR", stock);
  }

  /** {@code count} products {@code p0..p(count-1)} of {@code stock} units each. */
  public static List<Product> products(int count, int stock) {
    return IntStream.range(0, count).mapToObj(i -> product("p" + i, stock)).toList();
  }

  public static Sale activeSale(String saleId, int perUserLimit, int paymentWindowSeconds, List<Product> products) {
    Instant now = Instant.now();
    return Sale.create(saleId, "Sale " + saleId, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)),
        perUserLimit, paymentWindowSeconds, products);
  }

  public static Sale upcomingSale(String saleId, List<Product> products) {
    Instant now = Instant.now();
    return Sale.create(saleId, "Sale " + saleId, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), 1, 60,
        products);
  }
}
