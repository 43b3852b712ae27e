package com.flashsale.node.service;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
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
import com.flashsale.node.processors.VoidOrder;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.CompletionException;

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

  /** How long a replay waits for the first attempt under its key; placements take milliseconds. */
  private static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(5);

  private final Grid grid;
  private final Settlement settlement;
  private final Clock clock;
  private final Executor callbacks;
  private final Continuations on;
  private final Duration confirmGrace;
  private final PlacementEvents events;

  /** @param confirmGrace how soon after a take the sweeper first checks that its order was recorded */
  public HazelcastOrderService(Grid grid, Clock clock, Executor callbacks, Duration confirmGrace) {
    this.grid = grid;
    this.on = Continuations.on(callbacks);
    this.settlement = new Settlement(grid, on);
    this.clock = clock;
    this.callbacks = callbacks;
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
      return placeAs(new Attempt(orderId, sale, product.get(), request, now, false));
    }
    IdempotencyRecord claim = new IdempotencyRecord(request.fingerprint(), orderId, now.toEpochMilli());
    return on.of(grid.idempotency().submitToKey(idempotencyKey, new ClaimIdempotencyKey(claim)))
        .thenCompose(standing -> placeOrReplay(idempotencyKey, claim, standing, sale, product.get(), request));
  }

  /** The order an earlier identical request with this key created, or {@code otherwise}. */
  private CompletionStage<Placement> replayOr(String key, PlaceOrderRequest request, Placement otherwise) {
    return on.of(grid.idempotency().getAsync(key)).thenCompose(standing -> {
      if (standing == null || !standing.requestHash().equals(request.fingerprint()) || !standing.hasOrder()) {
        return done(otherwise);
      }
      return on.of(grid.orders().getAsync(standing.orderId())).thenApply(order ->
          order == null || order.status() == OrderStatus.VOIDED ? otherwise : Placement.replayed(order));
    });
  }

  private CompletionStage<Placement> placeOrReplay(
      String key, IdempotencyRecord claim, IdempotencyRecord standing, Sale sale, Product product, PlaceOrderRequest request) {
    if (!standing.requestHash().equals(claim.requestHash())) {
      return done(Placement.rejected(Placement.Outcome.IDEMPOTENCY_KEY_REUSED));
    }
    if (standing.orderId() == claim.orderId()) {
      return placeUnderKey(key, standing, new Attempt(claim.orderId(), sale, product, request, now(), false));
    }
    return awaitFirstAttempt(key, standing, System.nanoTime() + FIRST_ATTEMPT_WAIT.toNanos())
        .thenCompose(first -> {
          switch (first.state()) {
            case REBOUND:
              // The key no longer binds that order id (the first attempt was rejected): decide afresh.
              return decide(request, key);
            case ORDERED:
              if (first.order().status() != OrderStatus.VOIDED) {
                return done(Placement.replayed(first.order()));
              }
              // The first attempt was voided and gave back all it held: free the key, then try afresh.
              return forget(key, standing).thenCompose(forgotten -> decide(request, key));
            default:
              // No order after the wait: the first attempt died half-way. Every step is idempotent by order
              // id, so finishing it is safe; what it cannot tell apart from the first attempt's work stays held.
              return placeUnderKey(key, standing, new Attempt(standing.orderId(), sale, product, request, now(), true));
          }
        });
  }

  /**
   * Waits, without blocking a thread, for the first attempt under this key to create its order, so that a
   * replay sent while the first attempt still runs answers with its order instead of racing it.
   */
  private CompletionStage<FirstAttempt> awaitFirstAttempt(String key, IdempotencyRecord standing, long deadline) {
    return on.of(grid.orders().getAsync(standing.orderId())).thenCombine(on.of(grid.idempotency().getAsync(key)), (order, bound) -> {
      if (bound == null || bound.orderId() != standing.orderId()) {
        return new FirstAttempt(FirstAttempt.State.REBOUND, null);
      }
      if (order != null) {
        return new FirstAttempt(FirstAttempt.State.ORDERED, order);
      }
      return System.nanoTime() >= deadline ? new FirstAttempt(FirstAttempt.State.NO_ORDER, null) : null;
    }).thenCompose(first -> first != null
        ? done(first)
        : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, callbacks))
            .thenCompose(waited -> awaitFirstAttempt(key, standing, deadline)));
  }

  /** What a replay learned of the first attempt under its key. */
  private record FirstAttempt(State state, Order order) {
    enum State { ORDERED, REBOUND, NO_ORDER }
  }

  private CompletionStage<Placement> placeUnderKey(String key, IdempotencyRecord claim, Attempt attempt) {
    return placeAs(attempt).thenCompose(placement ->
        placement.hasOrder() ? done(placement) : forget(key, claim).thenApply(forgotten -> placement));
  }

  /**
   * Runs the three steps. When a step fails without an answer (a member leaving, a backup ack lost), it may
   * still have been applied: the order id is fenced and whatever the attempt held is given back at once,
   * instead of waiting for the sweeper, and the failure goes on to the caller (503).
   */
  private CompletionStage<Placement> placeAs(Attempt attempt) {
    return reserve(attempt).exceptionallyCompose(failure -> abandon(attempt)
        .<Placement>handle((abandoned, abandonFailed) -> {
          throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        }));
  }

  private CompletionStage<Placement> reserve(Attempt attempt) {
    return on.of(grid.holdings()
        .submitToKey(attempt.holdingKey(), new ReserveAllowance(attempt.orderId(), attempt.request().quantity(),
            attempt.sale().perUserLimit(), attempt.now().toEpochMilli())))
        .thenCompose(allowance -> allowance.reserved()
            ? takeUnits(attempt)
            : existingOr(attempt, () -> done(Placement.limitExceeded(allowance.limit(), allowance.held()))));
  }

  private CompletionStage<Placement> takeUnits(Attempt attempt) {
    Order order = attempt.order();
    long now = attempt.now().toEpochMilli();
    // The sweeper's first look: is the order recorded by then? (Then it looks again at expiresAt.)
    long deadline = now + confirmGrace.toMillis();
    return on.of(grid.stock()
        .submitToKey(order.productKey(), new TakeUnits(order.orderId(), order.userId(), order.quantity(), deadline, now)))
        .thenCompose(take -> {
          boolean tookFresh = take.outcome() == TakeResult.Outcome.TAKEN;
          if (!tookFresh && take.outcome() != TakeResult.Outcome.ALREADY_TAKEN) {
            return existingOr(attempt, () -> settlement.releaseAllowance(attempt.holdingKey(), order.orderId())
                .thenApply(released -> rejectedBy(take)));
          }
          if (tookFresh && take.available() == 0) {
            // The product's sold-out instant, decided by the partition that took its last unit.
            events.lastUnitTaken(order.saleId(), order.productId(), now);
          }
          return recordOrder(attempt);
        });
  }

  private CompletionStage<Placement> recordOrder(Attempt attempt) {
    Order order = attempt.order();
    return on.of(grid.orders().submitToKey(order.orderId(), new CreateOrder(order))).thenCompose(change -> {
      switch (change.outcome()) {
        case APPLIED:
          return order.status() == OrderStatus.CONFIRMED
              ? settlement.settle(order).thenApply(settled -> Placement.created(order))
              : done(Placement.created(order));
        case ALREADY_APPLIED:
          return undoDuplicates(change.order()).thenApply(undone -> Placement.replayed(change.order()));
        default:
          // VOIDED: repair or an abandoned attempt gave this order id's holds back; a take that landed after
          // that is given back too, and the placement has failed.
          return settlement.release(order.productKey(), order.userId(), order.orderId())
              .thenApply(released -> Placement.rejected(Placement.Outcome.UNAVAILABLE));
      }
    });
  }

  /** For a resumed attempt: the order, if the first attempt created it after all; otherwise {@code rejection}. */
  private CompletionStage<Placement> existingOr(Attempt attempt, Supplier<CompletionStage<Placement>> rejection) {
    if (!attempt.resumed()) {
      return rejection.get();
    }
    return on.of(grid.orders().getAsync(attempt.orderId())).thenCompose(existing ->
        existing == null || existing.status() == OrderStatus.VOIDED
            ? rejection.get()
            : undoDuplicates(existing).thenApply(undone -> Placement.replayed(existing)));
  }

  /**
   * A resumed attempt found its order already made. If it was cancelled meanwhile, nothing may stay held
   * for it, so what this attempt reserved or took again is returned. Units taken again for a confirmed order
   * are not: a hold of that order id cannot be told apart from the order's own, and releasing the wrong one
   * would sell its units twice. Such a duplicate stays held (fail closed) and reconciliation reports it.
   */
  private CompletionStage<Void> undoDuplicates(Order existing) {
    return existing.status() == OrderStatus.CANCELLED
        ? settlement.release(existing.productKey(), existing.userId(), existing.orderId())
        : done(null);
  }

  /** Fences the order id (VOIDED unless the order exists), then gives back what the attempt held. */
  private CompletionStage<Void> abandon(Attempt attempt) {
    return on.of(grid.orders().submitToKey(attempt.orderId(), new VoidOrder(clock.millis()))).thenCompose(change -> {
      boolean fenced = change.outcome() == OrderChange.Outcome.APPLIED
          || change.outcome() == OrderChange.Outcome.ALREADY_APPLIED;
      // An order that exists stands: the shopper's retry with the same key finds it, or it expires.
      return fenced ? settlement.release(attempt.productKey(), attempt.request().userId(), attempt.orderId()) : done(null);
    });
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
    return on.of(grid.idempotency().submitToKey(key, new ForgetIdempotencyKey(claim.orderId())));
  }

  @Override
  public CompletionStage<Optional<Order>> find(long orderId) {
    return on.of(grid.orders().getAsync(orderId)).thenCompose(order -> {
      if (order == null || order.status() == OrderStatus.VOIDED) {
        return done(Optional.<Order>empty());
      }
      if (order.isExpiredAt(clock.instant())) {
        return transition(orderId, new ExpireOrder(clock.millis())).thenApply(change -> Optional.ofNullable(change.order()));
      }
      return done(Optional.of(order));
    });
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
    return on.of(grid.orders().submitToKey(orderId, step)).thenCompose(change -> {
      switch (change.outcome()) {
        case APPLIED:
        case ALREADY_APPLIED:
        case EXPIRED:
          return settlement.settle(change.order()).thenApply(settled -> change);
        default:
          return done(change);
      }
    });
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

  /**
   * One attempt at placing an order under {@code orderId}. {@code resumed} when it finishes an earlier
   * attempt with the same Idempotency-Key, which may have gone further than this one can see.
   */
  private record Attempt(long orderId, Sale sale, Product product, PlaceOrderRequest request, Instant now,
      boolean resumed) {

    HoldingKey holdingKey() {
      return new HoldingKey(sale.saleId(), product.productId(), request.userId());
    }

    ProductKey productKey() {
      return new ProductKey(sale.saleId(), product.productId());
    }

    Order order() {
      return Order.placed(orderId, sale, product, request.userId(), request.quantity(), now);
    }
  }
}
