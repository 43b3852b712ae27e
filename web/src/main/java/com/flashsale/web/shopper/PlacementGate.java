package com.flashsale.web.shopper;

import com.flashsale.node.domain.Placement;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Load shedding: each member runs at most {@code FLASHSALE_MAX_IN_FLIGHT} placements at once. A placement
 * takes a permit before it reaches the grid and gives it back when its stage completes, however it ends;
 * past the bound it is answered 503 UNAVAILABLE with {@code Retry-After: 1} at once, instead of queueing
 * without limit while every queued shopper's client times out anyway.
 */
final class PlacementGate {

  private final Semaphore permits;
  private final int bound;

  PlacementGate(int bound) {
    this.permits = new Semaphore(bound);
    this.bound = bound;
  }

  /** Runs the placement if a permit is free, else fails at once with 503. */
  CompletionStage<Placement> admit(Supplier<CompletionStage<Placement>> placement) {
    if (!permits.tryAcquire()) {
      return CompletableFuture.failedFuture(ApiError.of(ErrorCode.UNAVAILABLE,
          "This member is placing as many orders as it can; retry shortly.").retryAfter(1));
    }
    CompletionStage<Placement> running;
    try {
      running = placement.get();
    } catch (RuntimeException failed) {
      permits.release();
      throw failed;
    }
    return running.whenComplete((placed, failure) -> permits.release());
  }

  int inFlight() {
    return bound - permits.availablePermits();
  }
}
