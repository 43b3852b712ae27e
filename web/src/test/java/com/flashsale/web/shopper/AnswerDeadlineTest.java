package com.flashsale.web.shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Answers still pending at the deadline time out; answers given in time keep their value. */
class AnswerDeadlineTest {

  private final AnswerDeadline deadline = new AnswerDeadline(Duration.ofMillis(200));

  @Test
  void an_answer_still_pending_at_its_deadline_times_out_and_one_given_in_time_keeps_its_value() {
    CompletableFuture<String> answered = deadline.bind(new CompletableFuture<>());
    CompletableFuture<String> silent = deadline.bind(new CompletableFuture<>());
    CompletableFuture<String> later = new CompletableFuture<>();

    answered.complete("201");
    await().atMost(Duration.ofSeconds(10)).until(silent::isDone);
    CompletableFuture<String> boundLater = deadline.bind(later);

    assertThat(answered).isCompletedWithValue("201");
    assertThat(silent).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(TimeoutException.class);
    await().atMost(Duration.ofSeconds(10)).until(boundLater::isDone);
    assertThat(boundLater).isCompletedExceptionally();
  }

  @Test
  void nothing_times_out_before_its_deadline() {
    AnswerDeadline anHour = new AnswerDeadline(Duration.ofHours(1));
    CompletableFuture<String> pending = anHour.bind(new CompletableFuture<>());

    anHour.expireDue();

    assertThat(pending).isNotDone();
  }
}
