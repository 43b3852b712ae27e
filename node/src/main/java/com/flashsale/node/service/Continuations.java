package com.flashsale.node.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where the work after a grid call runs: one hop from the grid's thread to our executor, then everything
 * chained on the answer runs right there. A Hazelcast future runs each dependent stage on an executor of its
 * own (never on its partition or response threads), so a chain of {@code thenApply}s on one costs a hop per
 * stage; the plain {@code CompletableFuture} returned here runs its non-async stages on the thread that
 * completed it, so a placement of four grid steps costs four hops, not a dozen. Work chained here must not
 * block: it only submits further grid calls and writes answers. An answer that arrives on a pool thread (the
 * common pool, where Hazelcast deserializes map results, or the executor itself) continues right there.
 */
public final class Continuations {

  private final Executor executor;

  private Continuations(Executor executor) {
    this.executor = executor;
  }

  /** Continue on {@code executor}; a call answered while it refuses work (shutting down) continues on the common pool. */
  public static Continuations on(Executor executor) {
    return new Continuations(executor);
  }

  /** For callers that wait for the answer anyway (the sweeper, the reconciler): no hop of our own. */
  public static Continuations none() {
    return new Continuations(null);
  }

  public <T> CompletableFuture<T> of(CompletionStage<T> call) {
    if (executor == null) {
      return call.toCompletableFuture();
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    call.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        answer.completeExceptionally(failure);
      } else {
        answer.complete(value);
      }
    }, task -> {
      if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
        // Already off the grid's threads: Hazelcast completes a map call's future on its async pool after
        // deserializing the answer there, so a second hop would only cost another wake-up.
        task.run();
        return;
      }
      try {
        executor.execute(task);
      } catch (RejectedExecutionException refused) {
        // The member is closing: a placement in flight still finishes its steps (or gives back what it took)
        // on the JVM's common pool, which is never shut down, instead of leaving its hold to the sweeper.
        ForkJoinPool.commonPool().execute(task);
      }
    });
    return answer;
  }
}
