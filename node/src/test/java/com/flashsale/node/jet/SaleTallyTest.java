package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import java.util.List;
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

  @Test
  void a_waiting_room_s_steps_add_up_to_its_queue_length_and_its_counts_per_product() {
    tally.accept("s1", RoomEvent.joined("s1", "p1", 1_000), 10_000);
    tally.accept("s1", RoomEvent.joined("s1", "p1", 1_100), 10_001);
    tally.accept("s1", RoomEvent.joined("s1", "p1", 1_200), 10_002);
    tally.accept("s1", RoomEvent.joined("s1", "p2", 1_300), 10_003);
    Ticket admitted = Ticket.waiting(1, "n", "u1", 1, 1_000).admitted("s", 2_000, 60);
    Ticket expiredUnused = admitted.ended(TicketStatus.EXPIRED, 62_000);
    Ticket soldOut = Ticket.waiting(2, "n", "u2", 1, 1_100).ended(TicketStatus.SOLD_OUT, 62_000);
    tally.accept("s1", RoomEvent.of("s1", "p1", List.of(admitted)), 10_004);
    tally.accept("s1", RoomEvent.of("s1", "p1", List.of(expiredUnused, soldOut)), 10_005);

    RoomStats room = tally.accept("s1", new SaleTick("s1", 11_000), 11_000).rooms().get("p1");

    assertThat(room.waiting()).as("3 joined, 1 admitted, 1 sold out").isEqualTo(1);
    assertThat(List.of(room.joined(), room.admitted(), room.expired(), room.soldOut())).containsExactly(3L, 1L, 1L, 1L);
    assertThat(room.admissionsPerSecond(3_000, 1)).isEqualTo(1.0);
    assertThat(room.admissionsPerSecond(10_000, 1)).as("a quiet room falls to zero").isZero();
  }
}
