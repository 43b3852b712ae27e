package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PaceTest {

  private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
  private final AtomicLong now = new AtomicLong(123 * MILLI);
  private final Pace pace = new Pace(1_000, now::get);  // a unit a millisecond

  @Test
  void the_first_work_goes_now_and_each_next_one_waits_for_the_units_before_it() {
    assertThat(pace.take(500)).isZero();
    assertThat(pace.take(100)).isEqualTo(500 * MILLI);
    now.addAndGet(200 * MILLI);
    assertThat(pace.take(1)).isEqualTo(400 * MILLI);
  }

  @Test
  void time_that_passed_unused_is_not_saved_up_for_a_burst() {
    pace.take(1);
    now.addAndGet(50 * MILLI);

    assertThat(pace.take(100)).isZero();
    assertThat(pace.take(1)).isEqualTo(100 * MILLI);
  }

  @Test
  void work_counted_after_it_is_done_makes_the_next_work_wait_for_its_units() {
    assertThat(pace.took(300)).isEqualTo(300 * MILLI);
    now.addAndGet(100 * MILLI);
    assertThat(pace.took(50)).isEqualTo(250 * MILLI);
    now.addAndGet(1_000 * MILLI);
    assertThat(pace.took(10)).isEqualTo(10 * MILLI);
  }
}
