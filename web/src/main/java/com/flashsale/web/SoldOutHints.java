package com.flashsale.web;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.service.OrderService;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.service.Placement;
import com.flashsale.node.service.SaleService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sold-out fast path: an {@link OrderService} that answers SOLD_OUT on this member, without a partition
 * round trip, for a product the grid said was sold out less than {@code FLASHSALE_SOLD_OUT_HINT_MILLIS} ago.
 *
 * <p>The hint can only reject, never sell: every order still goes through the stock's entry processor, so it
 * cannot break an invariant. Its one cost is staleness: after units come back (an expiry, a cancellation or a
 * failed payment handled by another member) this member may keep answering SOLD_OUT for at most the hint's
 * lifetime, after which the next placement asks the grid again. Anything this member sees that shows units
 * are back clears the hint at once: a cancellation or failed payment it handled, a product read with units
 * available, an order found cancelled, any placement that found stock. Requests with an {@code Idempotency-Key}
 * always go to the grid (a retry of a placement that succeeded must get its order back), and so does a sale
 * that is not ACTIVE (the answer is SALE_NOT_ACTIVE). A user at the per-user limit of a sold-out product may
 * get SOLD_OUT here where the grid would have said LIMIT_EXCEEDED: both refuse, the contract orders neither.
 */
final class SoldOutHints implements OrderService {

  private final OrderService orders;
  private final SaleService sales;
  private final Clock clock;
  private final long hintNanos;
  private final ConcurrentHashMap<ProductKey, Long> soldOutUntil = new ConcurrentHashMap<>();
  private final AtomicLong fastAnswers = new AtomicLong();

  SoldOutHints(OrderService orders, SaleService sales, Clock clock, long hintMillis) {
    this.orders = orders;
    this.sales = sales;
    this.clock = clock;
    this.hintNanos = hintMillis * 1_000_000L;
  }

  @Override
  public CompletionStage<Placement> place(PlaceOrderRequest request, String idempotencyKey) {
    ProductKey product = new ProductKey(request.saleId(), request.productId());
    if (idempotencyKey == null && isHintedSoldOut(product) && saleIsActive(request.saleId())) {
      fastAnswers.incrementAndGet();
      return CompletableFuture.completedFuture(Placement.rejected(Placement.Outcome.SOLD_OUT));
    }
    return orders.place(request, idempotencyKey).thenApply(placement -> learn(product, placement));
  }

  private Placement learn(ProductKey product, Placement placement) {
    switch (placement.outcome()) {
      case SOLD_OUT:
        markSoldOut(product);
        break;
      case CREATED:
      case INSUFFICIENT_STOCK:
        soldOutUntil.remove(product);
        break;
      default:
        break;
    }
    return placement;
  }

  private boolean isHintedSoldOut(ProductKey product) {
    if (hintNanos == 0) {
      return false;
    }
    Long until = soldOutUntil.get(product);
    if (until == null) {
      return false;
    }
    if (System.nanoTime() - until >= 0) {
      soldOutUntil.remove(product, until);
      return false;
    }
    return true;
  }

  private boolean saleIsActive(String saleId) {
    // The sales map is near-cached on every member: a local read.
    Optional<Sale> sale = sales.find(saleId);
    return sale.isPresent() && sale.get().statusAt(clock.instant()) == SaleStatus.ACTIVE;
  }

  private void markSoldOut(ProductKey product) {
    if (hintNanos > 0) {
      soldOutUntil.put(product, System.nanoTime() + hintNanos);
    }
  }

  /** What a product read saw: units available clear the hint, none renew it. */
  void observe(String saleId, String productId, int available) {
    ProductKey product = new ProductKey(saleId, productId);
    if (available > 0) {
      soldOutUntil.remove(product);
    } else {
      markSoldOut(product);
    }
  }

  long fastAnswers() {
    return fastAnswers.get();
  }

  @Override
  public CompletionStage<Optional<Order>> find(long orderId) {
    return orders.find(orderId).thenApply(order -> {
      order.filter(found -> found.status() == OrderStatus.CANCELLED).ifPresent(this::unitsCameBack);
      return order;
    });
  }

  @Override
  public CompletionStage<OrderChange> pay(long orderId, boolean succeeded, String paymentRef) {
    return orders.pay(orderId, succeeded, paymentRef).thenApply(this::learn);
  }

  @Override
  public CompletionStage<OrderChange> cancel(long orderId) {
    return orders.cancel(orderId).thenApply(this::learn);
  }

  @Override
  public CompletionStage<List<Order>> ordersOf(String userId) {
    return orders.ordersOf(userId);
  }

  private OrderChange learn(OrderChange change) {
    if (change.order() != null && change.order().status() == OrderStatus.CANCELLED) {
      unitsCameBack(change.order());
    }
    return change;
  }

  private void unitsCameBack(Order order) {
    soldOutUntil.remove(order.productKey());
  }
}
