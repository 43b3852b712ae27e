package com.flashsale.node.service;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.jet.PlacementEvents;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.FindOrder;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.OrdersOfUser;
import com.flashsale.node.processors.PlaceOrder;
import com.flashsale.node.processors.SettleOrder;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places and settles orders, each as one operation on the product's {@link com.flashsale.node.domain.Ledger}
 * ({@link PlaceOrder}, {@link SettleOrder}), and reads them from the ledgers too: by id on the partition the
 * {@link OrderId} names ({@link FindOrder}), by user from every ledger's index of buyers ({@link OrdersOfUser}).
 * The ledger is the only copy of an order in the grid, so after a 201 a read from any member sees the order as
 * the operation that answered left it; there is nothing to project, to repair, or to fall behind.
 *
 * <p>There is no compensation anywhere: the ledger decides window, limit, units and the order in one step,
 * so a crash either happened before that step (nothing changed) or after it (the order stands, and a retry
 * with the same Idempotency-Key, which is bound to the same order id, finds it).
 */
public final class HazelcastOrderService implements OrderService {

  private final Grid grid;
  private final Clock clock;
  private final PlacementEvents events;

  public HazelcastOrderService(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
    this.events = new PlacementEvents(grid.instance());
  }

  @Override
  public Placement place(PlaceOrderRequest request, String idempotencyKey) {
    Placement placement = decide(request, idempotencyKey);
    switch (placement.outcome()) {
      case CREATED -> {
        if (placement.available() == 0) {
          // The product's sold-out instant, decided by the operation that took its last unit.
          events.lastUnitTaken(request.saleId(), request.productId(), placement.order().createdAt().toEpochMilli());
        }
      }
      case REPLAYED, SALE_NOT_FOUND -> { }
      default -> events.rejected(request.saleId(), request.productId(), placement.outcome().name(), clock.millis());
    }
    return placement;
  }

  private Placement decide(PlaceOrderRequest request, String idempotencyKey) {
    Sale sale = grid.sales().get(request.saleId());
    if (sale == null) {
      return Placement.rejected(Placement.Outcome.SALE_NOT_FOUND);
    }
    Optional<Product> product = sale.product(request.productId());
    if (product.isEmpty()) {
      return Placement.rejected(Placement.Outcome.PRODUCT_NOT_FOUND);
    }
    long orderId = grid.orderIds().newId();
    String requestHash = null;
    if (idempotencyKey != null) {
      // The key is bound to one order id for good: every request under it places that same order id, which
      // the ledger creates at most once, so replays, retries and racing duplicates can never take twice.
      IdempotencyRecord claim = new IdempotencyRecord(request.fingerprint(), orderId, clock.millis());
      IdempotencyRecord standing = grid.idempotency().executeOnKey(idempotencyKey, new ClaimIdempotencyKey(claim));
      if (!standing.requestHash().equals(claim.requestHash())) {
        return Placement.rejected(Placement.Outcome.IDEMPOTENCY_KEY_REUSED);
      }
      orderId = standing.orderId();
      requestHash = standing.requestHash();
    }
    return grid.ledgers().executeOnKey(new ProductKey(sale.saleId(), product.get().productId()),
        new PlaceOrder(orderId, request.userId(), request.quantity(), sale.perUserLimit(), sale.paymentWindowSeconds(),
            product.get().price(), product.get().currency(), idempotencyKey, requestHash, request.admission()));
  }

  @Override
  public Optional<Order> find(OrderId orderId) {
    Order order = inLedger(orderId);
    if (order != null && order.isExpiredAt(clock.instant())) {
      return Optional.ofNullable(settle(order, SettleOrder.Action.EXPIRE, null).order());
    }
    return Optional.ofNullable(order);
  }

  @Override
  public OrderChange pay(OrderId orderId, boolean succeeded, String paymentRef) {
    return settle(orderId, succeeded ? SettleOrder.Action.PAYMENT_SUCCEEDED : SettleOrder.Action.PAYMENT_FAILED, paymentRef);
  }

  @Override
  public OrderChange cancel(OrderId orderId) {
    return settle(orderId, SettleOrder.Action.CANCEL, null);
  }

  private OrderChange settle(OrderId orderId, SettleOrder.Action action, String paymentRef) {
    Order order = inLedger(orderId);
    return order == null ? OrderChange.of(OrderChange.Outcome.NOT_FOUND, null) : settle(order, action, paymentRef);
  }

  /** One ledger operation on the order's product. */
  private OrderChange settle(Order order, SettleOrder.Action action, String paymentRef) {
    return grid.ledgers().executeOnKey(order.productKey(), new SettleOrder(order.orderId(), action, paymentRef));
  }

  /**
   * The order as its ledger holds it now, or null: one read-only operation on the partition the id's shard
   * names, over that partition's ledgers. An id whose shard is not its product's is no id of ours.
   */
  private Order inLedger(OrderId orderId) {
    Map<ProductKey, Order> found = grid.ledgers().executeOnEntries(new FindOrder(orderId.number()),
        Predicates.partitionPredicate(orderId.shard(), Predicates.alwaysTrue()));
    return found.values().stream().filter(order -> order != null && order.productKey().shard() == orderId.shard())
        .findFirst().orElse(null);
  }

  /**
   * Every ledger's orders of the user, from each ledger's buyers: one query over the ledgers ({@link OrdersOfUser}).
   * An overdue unpaid order is expired as it is listed, as a read by id does: both answers agree.
   */
  @Override
  public List<Order> ordersOf(String userId) {
    Instant now = clock.instant();
    List<Order> orders = new ArrayList<>();
    OrdersOfUser query = new OrdersOfUser(userId);
    for (LedgerChange ofProduct : grid.ledgers().project(query, query)) {
      for (Order order : ofProduct.orders()) {
        orders.add(order.isExpiredAt(now)
            ? Optional.ofNullable(settle(order, SettleOrder.Action.EXPIRE, null).order()).orElse(order) : order);
      }
    }
    return orders.stream()
        .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed())
        .toList();
  }
}
