package com.flashsale.node.service;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.Periodic;
import com.flashsale.node.processors.ExpireOrder;
import com.flashsale.node.processors.ExtendHold;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.VoidOrder;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles holds whose deadline has passed, on every member, over the stock entries that member owns.
 * Because it asks for the member's own partitions each time, a member that dies hands its work to the
 * members that take over its partitions: no timer of a single member and no expiry event is relied on.
 *
 * <p>For a due hold it looks at the order: PENDING and overdue, it expires it; CONFIRMED or CANCELLED,
 * it finishes the settling that a crash interrupted; missing well past the deadline (an orphan of a
 * placement that died), it fences the order id with a VOIDED tombstone and only then returns the units
 * and the allowance, so a placement that was merely slow can never complete on units given back. The
 * merge fence a split-brain merge leaves ({@link Hold#isMergeFence}) is never its business.
 */
public final class HoldSweeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HoldSweeper.class);

  private final Grid grid;
  private final Settlement settlement;
  private final Clock clock;
  private final Duration orphanGrace;
  private final AtomicLong orphansVoided = new AtomicLong();
  private Periodic schedule;

  /** @param orphanGrace how long past its deadline a hold without an order is left alone (a placement in flight) */
  public HoldSweeper(Grid grid, Clock clock, Duration orphanGrace) {
    this.grid = grid;
    this.settlement = new Settlement(grid);
    this.clock = clock;
    this.orphanGrace = orphanGrace;
  }

  public HoldSweeper start(Duration interval) {
    schedule = Periodic.every(interval, "hold-sweeper", this::sweep, LOG);
    return this;
  }

  /** One pass over this member's due holds; returns how many holds it settled. */
  public int sweep() {
    long now = clock.millis();
    List<CompletableFuture<Boolean>> settling = new ArrayList<>();
    for (ProductKey product : grid.stock().localKeySet(Predicates.lessEqual("nextDeadline", now))) {
      Stock stock = grid.stock().get(product);
      if (stock == null) {
        continue;
      }
      for (Hold hold : stock.holds()) {
        // A merge fence names no order: "voiding" it would put units on sale that the orders may have promised.
        // Only the rebuild from the orders (StockRebuild) lifts it.
        if (hold.deadline() <= now && !hold.isMergeFence()) {
          settling.add(settleDue(product, hold, now).toCompletableFuture());
        }
      }
    }
    CompletableFuture.allOf(settling.toArray(new CompletableFuture<?>[0])).join();
    return (int) settling.stream().filter(CompletableFuture::join).count();
  }

  /** How many orphaned holds this member has voided since start: each one is a crash repaired. */
  public long orphansVoided() {
    return orphansVoided.get();
  }

  private CompletionStage<Boolean> settleDue(ProductKey product, Hold hold, long now) {
    return grid.orders().getAsync(hold.orderId()).thenCompose(order -> {
      if (order == null) {
        return now >= hold.deadline() + orphanGrace.toMillis() ? voidOrphan(product, hold, now) : done(false);
      }
      if (order.status() == OrderStatus.PENDING && !order.isExpiredAt(Instant.ofEpochMilli(now))) {
        // Recorded and waiting for payment: the next look is due when the payment window closes.
        return grid.stock().submitToKey(product, new ExtendHold(hold.orderId(), order.expiresAt().toEpochMilli()))
            .thenApply(extended -> false);
      }
      if (order.status() == OrderStatus.PENDING) {
        return grid.orders().submitToKey(hold.orderId(), new ExpireOrder(now)).thenCompose(this::settleIfMoved);
      }
      return settlement.settle(product, hold.userId(), hold.orderId(), order.status()).thenApply(settled -> true);
    });
  }

  private CompletionStage<Boolean> settleIfMoved(OrderChange change) {
    boolean moved = change.outcome() == OrderChange.Outcome.APPLIED || change.outcome() == OrderChange.Outcome.ALREADY_APPLIED;
    return moved ? settlement.settle(change.order()).thenApply(settled -> true) : done(false);
  }

  private CompletionStage<Boolean> voidOrphan(ProductKey product, Hold hold, long now) {
    return grid.orders().submitToKey(hold.orderId(), new VoidOrder(now)).thenCompose(change -> {
      if (change.outcome() == OrderChange.Outcome.NOT_PENDING) {
        // The order appeared after all: the placement was slow, not dead. Settle it by its real status.
        return settlement.settle(product, hold.userId(), hold.orderId(), change.order().status()).thenApply(settled -> true);
      }
      orphansVoided.incrementAndGet();
      LOG.warn("Voided order {} of user {}: its placement died after taking {} unit(s) of {}; returning them",
          hold.orderId(), hold.userId(), hold.units(), product);
      return settlement.release(product, hold.userId(), hold.orderId()).thenApply(released -> true);
    });
  }


  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
  }
}
