package com.flashsale.node.member;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A member's background task, run on a daemon thread of its own with a fixed delay between runs. A run that
 * fails is logged with its cause and the next run tries again: every periodic task here is safe to repeat.
 */
public final class Periodic implements AutoCloseable {

  private final ScheduledExecutorService schedule;

  private Periodic(ScheduledExecutorService schedule) {
    this.schedule = schedule;
  }

  /** Runs {@code task} every {@code interval}, first after one interval, on a thread named {@code name}. */
  public static Periodic every(Duration interval, String name, Runnable task, Logger log) {
    ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (RuntimeException failed) {
        log.warn("{} failed; retrying at the next run", name, failed);
      }
    };
    schedule.scheduleWithFixedDelay(guarded, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return new Periodic(schedule);
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
