package com.flashsale.node.service;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.jet.PlacementEvents;
import com.flashsale.node.processors.CancelOrder;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.ConfirmPayment;
import com.flashsale.node.processors.CreateOrder;
import com.flashsale.node.processors.ExpireOrder;
import com.flashsale.node.processors.FailPayment;
import com.flashsale.node.processors.ForgetIdempotencyKey;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.OrderTransition;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.TakeResult;
import com.flashsale.node.processors.TakeUnits;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Places orders in three idempotent steps, each one entry processor on one key, ordered so that a crash
 * between any two fails closed:
 *
 * <ol>
 *   <li>{@link ReserveAllowance} on the user's holding: checks the per-user limit, reserves the share;</li>
 *   <li>{@link TakeUnits} on the product's stock: checks window and stock, holds the units for the order id;</li>
 *   <li>{@link CreateOrder} on the order id: records the order (or finds a replay, or a repair's tombstone).</li>
 * </ol>
 *
 * A crash after step 1 leaves allowance reserved by no order; after step 2 also units held by no order.
 * Neither can be sold twice. Holds carry a deadline and the {@link HoldSweeper} voids orphans past it:
 * it writes a VOIDED tombstone first ({@code VoidOrder}), so a late step 3 fails instead of creating an
 * order whose units were given back. Allowance reserved by no take is returned by the reconciler the same
 * way. A rejected step undoes the steps before it on the same callback chain.
 */
public final class HazelcastOrderService implements OrderService {

  private final Grid grid;
  private final Settlement settlement;
  private final Clock clock;
  private final Executor callbacks;
  private final Duration inFlightGrace;
  private final Duration confirmGrace;
  private final PlacementEvents events;

  /**
   * @param inFlightGrace how long a claimed idempotency key without an order counts as in flight before a
   *     replay may resume its placement
   * @param confirmGrace the hold deadline for orders confirmed at placement, after which the sweeper checks them
   */
  public HazelcastOrderService(Grid grid, Clock clock, Executor callbacks, Duration inFlightGrace, Duration confirmGrace) {
    this.grid = grid;
    this.settlement = new Settlement(grid);
    this.clock = clock;
    this.callbacks = callbacks;
    this.inFlightGrace = inFlightGrace;
    this.confirmGrace = confirmGrace;
    this.events = new PlacementEvents(grid.instance());
  }

  /** Places the order, then tells the statistics job about a rejection (orders it sees in the orders map). */
  @Override
  public CompletionStage<Placement> place(PlaceOrderRequest request, String idempotencyKey) {
    return decide(request, idempotencyKey).thenApply(placement -> {
      recordRejection(request, placement);
      return placement;
    });
  }

  /** Every rejection of a known sale counts; an unknown sale has no statistics to count it in. */
  private void recordRejection(PlaceOrderRequest request, Placement placement) {
    if (placement.outcome() == Placement.Outcome.CREATED || placement.outcome() == Placement.Outcome.REPLAYED
        || placement.outcome() == Placement.Outcome.SALE_NOT_FOUND) {
      return;
    }
    events.rejected(request.saleId(), request.productId(), placement.outcome().name(), clock.millis());
  }

  private CompletionStage<Placement> decide(PlaceOrderRequest request, String idempotencyKey) {
    Sale sale = grid.sales().get(request.saleId());
    if (sale == null) {
      return done(Placement.rejected(Placement.Outcome.SALE_NOT_FOUND));
    }
    Optional<Product> product = sale.product(request.productId());
    if (product.isEmpty()) {
      return done(Placement.rejected(Placement.Outcome.PRODUCT_NOT_FOUND));
    }
    Instant now = now();
    SaleStatus status = sale.statusAt(now);
    if (status != SaleStatus.ACTIVE) {
      // A retry of a placement that succeeded before the sale closed still gets its order (24 h promise).
      return idempotencyKey == null
          ? done(Placement.saleNotActive(status))
          : replayOr(idempotencyKey, request, Placement.saleNotActive(status));
    }
    long orderId = grid.orderIds().newId();
    if (idempotencyKey == null) {
      return placeAs(orderId, sale, product.get(), request, now);
    }
    IdempotencyRecord claim = new IdempotencyRecord(request.fingerprint(), orderId, now.toEpochMilli());
    return grid.idempotency().submitToKey(idempotencyKey, new ClaimIdempotencyKey(claim))
        .thenComposeAsync(standing -> placeOrReplay(idempotencyKey, claim, standing, sale, product.get(), request),
            callbacks);
  }

  /** The order an earlier identical request with this key created, or {@code otherwise}. */
  private CompletionStage<Placement> replayOr(String key, PlaceOrderRequest request, Placement otherwise) {
    return grid.idempotency().getAsync(key).thenComposeAsync(standing -> {
      if (standing == null || !standing.requestHash().equals(request.fingerprint()) || !standing.hasOrder()) {
        return done(otherwise);
      }
      return grid.orders().getAsync(standing.orderId()).thenApply(order ->
          order == null || order.status() == OrderStatus.VOIDED ? otherwise : Placement.replayed(order));
    }, callbacks);
  }

  private CompletionStage<Placement> placeOrReplay(
      String key, IdempotencyRecord claim, IdempotencyRecord standing, Sale sale, Product product, PlaceOrderRequest request) {
    if (!standing.requestHash().equals(claim.requestHash())) {
      return done(Placement.rejected(Placement.Outcome.IDEMPOTENCY_KEY_REUSED));
    }
    if (standing.orderId() == claim.orderId()) {
      return placeUnderKey(key, standing, sale, product, request);
    }
    return grid.orders().getAsync(standing.orderId()).thenComposeAsync(existing -> {
      if (existing != null && existing.status() != OrderStatus.VOIDED) {
        return done(Placement.replayed(existing));
      }
      if (existing != null) {
        // Repair voided the first attempt and returned its units: free the key for a fresh attempt.
        return forget(key, standing).thenApply(forgotten -> Placement.rejected(Placement.Outcome.UNAVAILABLE));
      }
      Instant now = now();
      if (Duration.between(Instant.ofEpochMilli(standing.claimedAt()), now).compareTo(inFlightGrace) < 0) {
        return done(Placement.rejected(Placement.Outcome.REQUEST_IN_PROGRESS));
      }
      // The first attempt died mid-way: every step is idempotent by order id, so finishing it is safe.
      return placeUnderKey(key, standing, sale, product, request);
    }, callbacks);
  }

  private CompletionStage<Placement> placeUnderKey(
      String key, IdempotencyRecord claim, Sale sale, Product product, PlaceOrderRequest request) {
    return placeAs(claim.orderId(), sale, product, request, now()).thenComposeAsync(placement ->
        placement.hasOrder() ? done(placement) : forget(key, claim).thenApply(forgotten -> placement), callbacks);
  }

  private CompletionStage<Placement> placeAs(long orderId, Sale sale, Product product, PlaceOrderRequest request, Instant now) {
    HoldingKey holding = new HoldingKey(sale.saleId(), product.productId(), request.userId());
    Order order = Order.placed(orderId, sale, product, request.userId(), request.quantity(), now);
    return grid.holdings()
        .submitToKey(holding, new ReserveAllowance(orderId, request.quantity(), sale.perUserLimit(), now.toEpochMilli()))
        // Not async on purpose: the take is enqueued by the thread that completed the reservation, in the
        // order reservations completed on the product's partition thread. A pool here could reorder two
        // buyers of the same product; submitToKey does not block, so this is safe on any thread.
        .thenCompose(allowance -> allowance.reserved()
            ? takeUnits(holding, order, now)
            : done(Placement.limitExceeded(allowance.limit(), allowance.held())));
  }

  private CompletionStage<Placement> takeUnits(HoldingKey holding, Order order, Instant now) {
    long deadline = order.expiresAt() != null ? order.expiresAt().toEpochMilli() : now.plus(confirmGrace).toEpochMilli();
    return grid.stock()
        .submitToKey(order.productKey(),
            new TakeUnits(order.orderId(), order.userId(), order.quantity(), deadline, now.toEpochMilli()))
        .thenComposeAsync(take -> {
          if (take.outcome() != TakeResult.Outcome.TAKEN) {
            return settlement.releaseAllowance(holding, order.orderId()).thenApply(released -> rejectedBy(take));
          }
          if (take.available() == 0) {
            // The product's sold-out instant, decided by the partition that took its last unit.
            events.lastUnitTaken(order.saleId(), order.productId(), now.toEpochMilli());
          }
          return recordOrder(order);
        }, callbacks);
  }

  private CompletionStage<Placement> recordOrder(Order order) {
    return grid.orders().submitToKey(order.orderId(), new CreateOrder(order)).thenComposeAsync(change -> {
      switch (change.outcome()) {
        case APPLIED:
          return order.status() == OrderStatus.CONFIRMED
              ? settlement.settle(order).thenApply(settled -> Placement.created(order))
              : done(Placement.created(order));
        case ALREADY_APPLIED:
          return done(Placement.replayed(change.order()));
        default:
          // VOIDED: repair gave this order's units back before we got here; the placement has failed.
          return done(Placement.rejected(Placement.Outcome.UNAVAILABLE));
      }
    }, callbacks);
  }

  private static Placement rejectedBy(TakeResult take) {
    switch (take.outcome()) {
      case SOLD_OUT:
        return Placement.rejected(Placement.Outcome.SOLD_OUT);
      case INSUFFICIENT_STOCK:
        return Placement.insufficientStock(take.available());
      case SALE_NOT_ACTIVE:
        return Placement.saleNotActive(take.saleStatus());
      default:
        // The sale entry exists but its stock does not (yet): a transient state of sale creation.
        return Placement.rejected(Placement.Outcome.UNAVAILABLE);
    }
  }

  private CompletionStage<Boolean> forget(String key, IdempotencyRecord claim) {
    return grid.idempotency().submitToKey(key, new ForgetIdempotencyKey(claim.orderId()));
  }

  @Override
  public CompletionStage<Optional<Order>> find(long orderId) {
    return grid.orders().getAsync(orderId).thenComposeAsync(order -> {
      if (order == null || order.status() == OrderStatus.VOIDED) {
        return done(Optional.<Order>empty());
      }
      if (order.isExpiredAt(clock.instant())) {
        return transition(orderId, new ExpireOrder(clock.millis())).thenApply(change -> Optional.ofNullable(change.order()));
      }
      return done(Optional.of(order));
    }, callbacks);
  }

  @Override
  public CompletionStage<OrderChange> pay(long orderId, boolean succeeded, String paymentRef) {
    OrderTransition payment = succeeded
        ? new ConfirmPayment(paymentRef, clock.millis())
        : new FailPayment(paymentRef, clock.millis());
    return transition(orderId, payment);
  }

  @Override
  public CompletionStage<OrderChange> cancel(long orderId) {
    return transition(orderId, new CancelOrder(clock.millis()));
  }

  /** Runs an order transition, then settles units and allowance whenever the order has (or had) moved. */
  private CompletionStage<OrderChange> transition(long orderId, com.hazelcast.map.EntryProcessor<Long, Order, OrderChange> step) {
    return grid.orders().submitToKey(orderId, step).thenComposeAsync(change -> {
      switch (change.outcome()) {
        case APPLIED:
        case ALREADY_APPLIED:
        case EXPIRED:
          return settlement.settle(change.order()).thenApply(settled -> change);
        default:
          return done(change);
      }
    }, callbacks);
  }

  @Override
  public CompletionStage<List<Order>> ordersOf(String userId) {
    return CompletableFuture.supplyAsync(() -> grid.orders().values(Predicates.equal("userId", userId)).stream()
        .filter(order -> order.status() != OrderStatus.VOIDED)
        .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed())
        .toList(), callbacks);
  }

  /** Stored instants have millisecond precision: answering with more would differ from every later read. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
