package com.flashsale.node.service;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.jet.PlacementEvents;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.PlaceOrder;
import com.flashsale.node.processors.ReadLedgerOrders;
import com.flashsale.node.processors.ProjectOrder;
import com.flashsale.node.processors.SettleOrder;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Places and settles orders, each as one operation on the product's {@link com.flashsale.node.domain.Ledger}
 * ({@link PlaceOrder}, {@link SettleOrder}), then projects the order it wrote into the read side before
 * answering, so that after a 201 a read of the order answers from any member.
 *
 * <p>There is no compensation anywhere: the ledger decides window, limit, units and the order in one step,
 * so a crash either happened before that step (nothing changed) or after it (the order stands, and a retry
 * with the same Idempotency-Key, which is bound to the same order id, finds it). A crash between the ledger
 * and the read side leaves the order readable only once the ledger next changes it (its expiry, at the
 * latest, or its reconciliation); the shopper got no answer in that case. Reads of an unpaid order check it
 * against its ledger (read repair), so a payment or cancel whose projection a crash lost shows at once.
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
    Placement placement = grid.ledgers().executeOnKey(new ProductKey(sale.saleId(), product.get().productId()),
        new PlaceOrder(orderId, request.userId(), request.quantity(), sale.perUserLimit(), sale.paymentWindowSeconds(),
            product.get().price(), product.get().currency(), idempotencyKey, requestHash, request.admission()));
    if (placement.hasOrder()) {
      project(placement.order());
    }
    return placement;
  }

  @Override
  public Optional<Order> find(long orderId) {
    Order order = grid.orders().get(orderId);
    if (order != null && order.status() == OrderStatus.PENDING) {
      order = asInLedger(List.of(order)).getFirst();
    }
    if (order != null && order.isExpiredAt(clock.instant())) {
      return Optional.ofNullable(settle(order, SettleOrder.Action.EXPIRE, null).order());
    }
    return Optional.ofNullable(order);
  }

  @Override
  public OrderChange pay(long orderId, boolean succeeded, String paymentRef) {
    return settle(orderId, succeeded ? SettleOrder.Action.PAYMENT_SUCCEEDED : SettleOrder.Action.PAYMENT_FAILED, paymentRef);
  }

  @Override
  public OrderChange cancel(long orderId) {
    return settle(orderId, SettleOrder.Action.CANCEL, null);
  }

  private OrderChange settle(long orderId, SettleOrder.Action action, String paymentRef) {
    Order order = grid.orders().get(orderId);
    return order == null ? OrderChange.of(OrderChange.Outcome.NOT_FOUND, null) : settle(order, action, paymentRef);
  }

  /** One ledger operation on the order's product; whatever the ledger now says of the order goes to the read side. */
  private OrderChange settle(Order order, SettleOrder.Action action, String paymentRef) {
    OrderChange change = grid.ledgers().executeOnKey(order.productKey(), new SettleOrder(order.orderId(), action, paymentRef));
    if (change.order() != null) {
      project(change.order());
    }
    return change;
  }

  private void project(Order order) {
    grid.orders().executeOnKey(order.orderId(), new ProjectOrder(order));
  }

  @Override
  public List<Order> ordersOf(String userId) {
    List<Order> seen = List.copyOf(grid.orders().values(Predicates.equal("userId", userId)));
    Map<Boolean, List<Order>> byPending = seen.stream()
        .collect(Collectors.partitioningBy(order -> order.status() == OrderStatus.PENDING));
    List<Order> orders = new ArrayList<>(byPending.get(false));
    byPending.get(true).stream().collect(Collectors.groupingBy(Order::productKey))
        .values().forEach(pending -> orders.addAll(asInLedger(pending)));
    // An overdue unpaid order is expired as it is listed, as a read by id does: both answers agree.
    Instant now = clock.instant();
    orders.replaceAll(order -> order.isExpiredAt(now)
        ? Optional.ofNullable(settle(order, SettleOrder.Action.EXPIRE, null).order()).orElse(order) : order);
    return orders.stream()
        .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed())
        .toList();
  }

  /**
   * Read repair of unpaid orders, all of one product: each as its ledger has it now, where that is newer than the
   * read side's copy, which is then brought up to date. The read side can hold a PENDING order that its ledger has
   * since paid or cancelled (the member that settled it died before projecting it, until reconciliation repairs
   * it); a shopper reading it must not see it unpaid, and its units are no longer counted as sold. One read-only
   * operation on the product's partition; orders in any other status are final and need none.
   */
  private List<Order> asInLedger(List<Order> pending) {
    Map<Long, Order> current = new HashMap<>();
    grid.ledgers().executeOnKey(pending.getFirst().productKey(),
            new ReadLedgerOrders(pending.stream().map(Order::orderId).toList()))
        .orders().forEach(order -> current.put(order.orderId(), order));
    List<Order> repaired = new ArrayList<>(pending.size());
    for (Order seen : pending) {
      Order inLedger = current.get(seen.orderId());
      if (inLedger != null && inLedger.version() > seen.version()) {
        project(inLedger);
        repaired.add(inLedger);
      } else {
        repaired.add(seen);
      }
    }
    return repaired;
  }
}
