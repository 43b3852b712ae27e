package com.flashsale.web.http;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.TicketId;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.node.domain.WaitingRoom;
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
      int perUserLimit, int paymentWindowSeconds, WaitingRoomView waitingRoom, List<ProductView> products) {
    public static SaleView of(Sale sale, Map<String, Stock> stock, Instant now) {
      List<ProductView> products = sale.products().values().stream()
          .map(product -> ProductView.of(product, stock.get(product.productId())))
          .toList();
      return new SaleView(sale.saleId(), sale.name(), sale.startsAt(), sale.endsAt(), sale.statusAt(now),
          sale.perUserLimit(), sale.paymentWindowSeconds(), WaitingRoomView.of(sale.waitingRoom()), products);
    }
  }

  /** The sale's {@code waitingRoom}, left out for a sale without one. */
  public record WaitingRoomView(int admitPerSecond, int admissionSeconds) {
    static WaitingRoomView of(WaitingRoom room) {
      return room == null ? null : new WaitingRoomView(room.admitPerSecond(), room.admissionSeconds());
    }
  }

  /**
   * {@code Ticket}: {@code position} and {@code unitsAhead} only while WAITING, {@code admissionToken} and
   * {@code admissionExpiresAt} only while ADMITTED, {@code orderId} only once USED.
   */
  public record TicketView(String ticketId, String saleId, String productId, String userId, int quantity,
      TicketStatus status, Instant joinedAt, int available, Integer position, Integer unitsAhead,
      String admissionToken, Instant admissionExpiresAt, String orderId) {
    public static TicketView of(Sale sale, String productId, TicketAnswer answer) {
      Ticket ticket = answer.ticket();
      boolean waiting = ticket.status() == TicketStatus.WAITING;
      boolean admitted = ticket.status() == TicketStatus.ADMITTED;
      return new TicketView(TicketId.of(sale, productId, ticket).toString(), sale.saleId(), productId, ticket.userId(),
          ticket.quantity(), ticket.status(), Instant.ofEpochMilli(ticket.joinedAt()), answer.available(),
          waiting ? answer.position() : null, waiting ? answer.unitsAhead() : null,
          admitted ? ticket.admissionToken() : null, admitted ? Instant.ofEpochMilli(ticket.admissionExpiresAt()) : null,
          ticket.status() == TicketStatus.USED
              ? new OrderId(ticket.orderId(), new ProductKey(sale.saleId(), productId).shard()).toString() : null);
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
      return new OrderView(OrderId.of(order).toString(), order.saleId(), order.productId(), order.userId(),
          order.quantity(), order.unitPrice().toPlainString(), order.currency(), order.status(),
          order.status() == OrderStatus.CANCELLED ? order.cancelReason() : null, order.createdAt(), order.updatedAt(),
          order.status() == OrderStatus.PENDING ? order.expiresAt() : null, order.paymentRef());
    }
  }
}
