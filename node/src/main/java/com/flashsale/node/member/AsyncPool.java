package com.flashsale.node.member;

/**
 * Keeps the JVM's common pool parallel on small machines. Hazelcast completes the dependent stages of its
 * futures ({@code thenApply}, {@code whenComplete} and their {@code Async} forms without an executor, its
 * own internal callbacks included) on {@code ForkJoinPool.commonPool()} only when the pool's parallelism is
 * above 1; otherwise on a new thread per stage, as {@code CompletableFuture} itself does. The common pool's
 * parallelism defaults to one less than the processors, so on a 2-core member every grid answer started and
 * tore down a thread: placements measured 10 ms and more at rest, and under load threads queued on the JVM's
 * thread-list lock. Both libraries read the parallelism once, when their classes load, so this must run
 * before either is touched: the first thing a member's {@code main} does. An operator's own
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} wins.
 */
public final class AsyncPool {

  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  /** Grid continuations are short and never block, so a few threads more than the cores is plenty. */
  static final int MIN_PARALLELISM = 4;

  private AsyncPool() {}

  /** Sets the common pool's parallelism unless the operator did. */
  public static void ensureParallel() {
    if (System.getProperty(PARALLELISM) == null) {
      System.setProperty(PARALLELISM,
          Integer.toString(Math.max(MIN_PARALLELISM, Runtime.getRuntime().availableProcessors())));
    }
  }
}
