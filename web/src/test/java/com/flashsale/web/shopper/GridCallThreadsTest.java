package com.flashsale.web.shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Grid calls run on virtual threads that are reused, never more of them than asked for. */
class GridCallThreadsTest {

  private final ExecutorService threads = GridCallThreads.of(4);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void calls_run_on_a_few_reused_virtual_threads_not_one_each() throws Exception {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(CompletableFuture.runAsync(() -> seen.add(Thread.currentThread()), threads));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(seen).hasSizeBetween(1, 4).allMatch(Thread::isVirtual);
  }

  @Test
  void a_call_past_the_bound_waits_for_a_free_thread_and_then_runs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Void>> blocked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocked.add(CompletableFuture.runAsync(() -> awaitQuietly(release), threads));
    }
    CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> "ran", threads);

    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());
    release.countDown();
    assertThat(next).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("ran");
    assertThat(CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(10));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
