package com.flashsale.web.shopper;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One deadline for every shopper answer: a future still pending {@code deadline} after it was bound completes
 * with a {@link TimeoutException} (answered 503). Every answer has the same deadline, so the deadlines fall due
 * in the order they were set: a lock-free queue in that order and one thread that looks at its head every
 * {@link #TICK} replace a timer per request ({@code CompletableFuture.orTimeout} schedules and cancels one in a
 * shared timer heap, under one lock, for each answer: 3% of a member's CPU under load). A deadline may pass up to a
 * tick late; answers that completed wait in the queue until their turn and are then dropped.
 */
final class AnswerDeadline {

  static final Duration TICK = Duration.ofMillis(50);

  private record Bound(long dueNanos, CompletableFuture<?> answer) {}

  private final long deadlineNanos;
  private final ConcurrentLinkedQueue<Bound> pending = new ConcurrentLinkedQueue<>();

  AnswerDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "answer-deadline");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleWithFixedDelay(this::expireDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The answer, bound to complete exceptionally if it is still pending when the deadline passes. */
  <T> CompletableFuture<T> bind(CompletableFuture<T> answer) {
    if (!answer.isDone()) {
      pending.add(new Bound(System.nanoTime() + deadlineNanos, answer));
    }
    return answer;
  }

  /** Drops the answers at the head that are done, and times out those whose deadline has passed. */
  void expireDue() {
    long now = System.nanoTime();
    for (Bound head = pending.peek(); head != null; head = pending.peek()) {
      if (!head.answer().isDone() && head.dueNanos() - now > 0) {
        return;
      }
      pending.poll();
      if (!head.answer().isDone()) {
        // Only then: an exception fills in its stack trace when made, and most answers are long given.
        head.answer().completeExceptionally(new TimeoutException("no answer within the deadline"));
      }
    }
  }
}
