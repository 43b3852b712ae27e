package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContinuationsTest {

  private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "continuations-test"));

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void work_chained_on_an_answer_runs_on_the_executor_not_on_the_thread_that_answered() {
    CompletableFuture<String> call = new CompletableFuture<>();
    AtomicReference<String> ranOn = new AtomicReference<>();

    CompletableFuture<Integer> chained = Continuations.on(executor).of(call)
        .thenApply(value -> {
          ranOn.set(Thread.currentThread().getName());
          return value.length();
        });
    call.complete("four");

    assertThat(chained.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(4);
    assertThat(ranOn.get()).isEqualTo("continuations-test");
  }

  @Test
  void a_failed_call_fails_the_continuation_with_its_cause() {
    CompletableFuture<String> call = new CompletableFuture<>();

    CompletableFuture<String> continued = Continuations.on(executor).of(call);
    call.completeExceptionally(new IllegalStateException("member left"));

    assertThatThrownBy(() -> continued.orTimeout(5, TimeUnit.SECONDS).join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("member left");
  }

  @Test
  void an_answer_arriving_while_the_executor_refuses_work_still_continues() {
    executor.shutdown();
    CompletableFuture<String> call = new CompletableFuture<>();

    CompletableFuture<Integer> continued = Continuations.on(executor).of(call).thenApply(String::length);
    call.complete("late");

    assertThat(continued.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(4);
  }

  @Test
  void without_an_executor_the_call_itself_is_the_continuation() {
    CompletableFuture<String> call = CompletableFuture.completedFuture("done");

    assertThat(Continuations.none().of(call)).isSameAs(call);
  }
}
