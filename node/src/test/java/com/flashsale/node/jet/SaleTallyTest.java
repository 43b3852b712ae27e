package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tally publishes a sale's figures at most once a second, and never sits on a change longer than a tick. */
class SaleTallyTest {

  private final SaleTally tally = new SaleTally();

  private static PlacementEvent rejection(long at) {
    return PlacementEvent.rejected("s1", "p1", "SOLD_OUT", at);
  }

  @Test
  void the_first_change_is_published_at_once_and_the_next_ones_within_the_second_are_not() {
    assertThat(tally.accept("s1", rejection(1_000), 10_000)).isNotNull();
    assertThat(tally.accept("s1", rejection(1_001), 10_100)).isNull();
    assertThat(tally.accept("s1", rejection(1_002), 10_900)).isNull();
  }

  @Test
  void a_tick_publishes_what_changed_since_the_last_publication_with_every_change_counted() {
    tally.accept("s1", rejection(1_000), 10_000);
    tally.accept("s1", rejection(1_001), 10_100);
    tally.accept("s1", rejection(1_002), 10_200);

    SaleStats published = tally.accept("s1", new SaleTick("s1", 10_500), 10_500);

    assertThat(published).isNotNull();
    assertThat(published.rejections()).containsEntry("SOLD_OUT", 3L);
  }

  @Test
  void a_tick_without_a_change_publishes_nothing() {
    tally.accept("s1", rejection(1_000), 10_000);

    assertThat(tally.accept("s1", new SaleTick("s1", 11_000), 11_000)).isNull();
  }

  @Test
  void a_change_a_second_after_the_last_publication_is_published_at_once() {
    tally.accept("s1", rejection(1_000), 10_000);

    assertThat(tally.accept("s1", rejection(2_000), 11_000)).isNotNull();
  }
}
