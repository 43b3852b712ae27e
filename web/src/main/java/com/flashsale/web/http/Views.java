package com.flashsale.web.http;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Stock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The contract's response objects, built from the grid's records. Absent optional fields are left out. */
public final class Views {

  private Views() {}

  /** {@code SaleSummary}. */
  public record SaleSummaryView(String saleId, String name, Instant startsAt, Instant endsAt, SaleStatus status,
      int productCount) {
    public static SaleSummaryView of(Sale sale, Instant now) {
      return new SaleSummaryView(sale.saleId(), sale.name(), sale.startsAt(), sale.endsAt(), sale.statusAt(now),
          sale.products().size());
    }
  }

  /** {@code Sale}, with every product's live figures. */
  public record SaleView(String saleId, String name, Instant startsAt, Instant endsAt, SaleStatus status,
      int perUserLimit, int paymentWindowSeconds, List<ProductView> products) {
    public static SaleView of(Sale sale, Map<String, Stock> stock, Instant now) {
      List<ProductView> products = sale.products().values().stream()
          .map(product -> ProductView.of(product, stock.get(product.productId())))
          .toList();
      return new SaleView(sale.saleId(), sale.name(), sale.startsAt(), sale.endsAt(), sale.statusAt(now),
          sale.perUserLimit(), sale.paymentWindowSeconds(), products);
    }
  }

  /** {@code Product}; {@code available} is live (0 while the stock entry is being created). */
  public record ProductView(String productId, String name, String description, String price, String currency,
      int stock, int available) {
    public static ProductView of(Product product, Stock stock) {
      return new ProductView(product.productId(), product.name(), product.description(),
          product.price().toPlainString(), product.currency(), product.stock(), stock == null ? 0 : stock.available());
    }
  }

  /** {@code Order}: {@code expiresAt} only while PENDING, {@code cancelReason} only when CANCELLED. */
  public record OrderView(String orderId, String saleId, String productId, String userId, int quantity,
      String unitPrice, String currency, OrderStatus status, CancelReason cancelReason, Instant createdAt,
      Instant updatedAt, Instant expiresAt, String paymentRef) {
    public static OrderView of(Order order) {
      return new OrderView(Long.toString(order.orderId()), order.saleId(), order.productId(), order.userId(),
          order.quantity(), order.unitPrice().toPlainString(), order.currency(), order.status(),
          order.status() == OrderStatus.CANCELLED ? order.cancelReason() : null, order.createdAt(), order.updatedAt(),
          order.status() == OrderStatus.PENDING ? order.expiresAt() : null, order.paymentRef());
    }
  }
}
