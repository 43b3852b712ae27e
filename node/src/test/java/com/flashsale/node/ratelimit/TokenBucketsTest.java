package com.flashsale.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final String KEY = "user:u1";

  private final TokenBuckets buckets = new TokenBuckets();

  @Test
  void a_new_caller_has_a_full_bucket_the_burst_then_is_refused_until_a_token_is_back() {
    assertThat(IntStream.range(0, 10).mapToLong(i -> buckets.take(KEY, 5, 10, T0))).containsOnly(0L);
    assertThat(buckets.take(KEY, 5, 10, T0)).as("a token comes back every 200 ms").isEqualTo(200L);
    assertThat(buckets.take(KEY, 5, 10, T0 + 150)).isEqualTo(50L);
    assertThat(buckets.take(KEY, 5, 10, T0 + 200)).isZero();
    assertThat(buckets.take(KEY, 5, 10, T0 + 200)).isEqualTo(200L);
  }

  @Test
  void each_key_has_a_bucket_of_its_own() {
    IntStream.range(0, 10).forEach(i -> buckets.take(KEY, 5, 10, T0));

    assertThat(buckets.take(KEY, 5, 10, T0)).isPositive();
    assertThat(buckets.take("user:u2", 5, 10, T0)).isZero();
    assertThat(buckets.take("ip:" + KEY, 5, 10, T0)).isZero();
  }

  @Test
  void the_bucket_refills_continuously_up_to_the_burst_and_no_further() {
    IntStream.range(0, 10).forEach(i -> buckets.take(KEY, 5, 10, T0));

    long oneHourLater = T0 + 3_600_000;
    assertThat(IntStream.range(0, 10).mapToLong(i -> buckets.take(KEY, 5, 10, oneHourLater)))
        .as("full again, with ten tokens and not more").containsOnly(0L);
    assertThat(buckets.take(KEY, 5, 10, oneHourLater)).isEqualTo(200L);
  }

  @Test
  void a_refusal_takes_nothing() {
    IntStream.range(0, 10).forEach(i -> buckets.take(KEY, 5, 10, T0));
    IntStream.range(0, 100).forEach(i -> buckets.take(KEY, 5, 10, T0 + 100));

    assertThat(buckets.take(KEY, 5, 10, T0 + 200)).as("the token back after 200 ms, whatever was refused").isZero();
  }

  @Test
  void a_clock_that_stepped_back_refills_nothing() {
    IntStream.range(0, 10).forEach(i -> buckets.take(KEY, 5, 10, T0));

    assertThat(buckets.take(KEY, 5, 10, T0 - 60_000)).isEqualTo(200L);
  }

  @Test
  void a_bucket_is_forgotten_once_it_would_be_full_again_and_not_before() {
    buckets.take(KEY, 5, 10, T0);
    buckets.take(KEY, 5, 10, T0);
    buckets.take("user:u2", 5, 10, T0 + 1_000);

    buckets.forgetFull(T0 + 399);
    assertThat(buckets.size()).as("two tokens take 400 ms to come back").isEqualTo(2);
    buckets.forgetFull(T0 + 400);
    assertThat(buckets.size()).isEqualTo(1);
    assertThat(buckets.take(KEY, 5, 10, T0 + 400)).isZero();
    buckets.forgetFull(T0 + 1_200);
    assertThat(buckets.size()).as("the other caller's, and the one just taken, are full again").isZero();
  }

  @Test
  void concurrent_takes_from_one_bucket_admit_exactly_the_burst() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Long>> takes = IntStream.range(0, 1_000).<Callable<Long>>mapToObj(i -> () -> buckets.take(KEY, 1, 50, T0)).toList();
      long admitted = 0;
      for (Future<Long> answer : threads.invokeAll(takes)) {
        admitted += answer.get() == 0 ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(50);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void a_bucket_without_rate_or_burst_is_refused() {
    assertThatThrownBy(() -> buckets.take(KEY, 0, 10, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buckets.take(KEY, 5, 0, T0)).isInstanceOf(IllegalArgumentException.class);
  }
}
