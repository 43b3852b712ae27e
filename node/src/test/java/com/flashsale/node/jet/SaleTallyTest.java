package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.OrderCounts;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tally takes its totals from the ledgers' counts that ticks bring, publishes a sale's figures at most once a
 * second, and never sits on a change longer than a tick.
 */
class SaleTallyTest {

  private final SaleTally tally = new SaleTally();

  private static PlacementEvent rejection(long at) {
    return PlacementEvent.rejected("s1", "p1", "SOLD_OUT", at);
  }

  private static SaleTick tick(long at, Stock... products) {
    return tick(at, false, products);
  }

  /** A tick with the products' figures summed, as the ticker's scan sums their ledgers. */
  private static SaleTick tick(long at, boolean newSale, Stock... products) {
    long[] sums = new long[6];
    TreeMap<String, BigDecimal> revenue = new TreeMap<>();
    for (Stock product : products) {
      OrderCounts counts = product.orders();
      long[] figures = {counts.pending(), counts.confirmed(), counts.cancelled(), product.pending(), product.confirmed(),
          counts.cancelledUnits()};
      for (int i = 0; i < sums.length; i++) {
        sums[i] += figures[i];
      }
      if (counts.currency() != null) {
        revenue.merge(counts.currency(), counts.revenue(), BigDecimal::add);
      }
    }
    return new SaleTick("s1", at, new SaleTotals("s1", sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], revenue),
        newSale);
  }

  private static Stock ordered(long pending, long confirmed, long cancelled) {
    return new Stock(1_000, 0, (int) pending, (int) confirmed, 1,
        new OrderCounts(pending, confirmed, cancelled, cancelled, BigDecimal.ZERO, null));
  }

  @Test
  void nothing_is_published_before_the_first_tick_has_read_the_totals_from_the_ledgers() {
    assertThat(tally.accept("s1", rejection(1_000), 10_000)).isNull();

    SaleStats first = tally.accept("s1", tick(10_500), 10_500);

    assertThat(first.rejections()).containsEntry("SOLD_OUT", 1L);
    assertThat(first.ordersByStatus()).containsEntry("PENDING", 0L);
  }

  @Test
  void the_totals_are_the_ledgers_counts_summed_over_the_products() {
    OrderCounts p1 = new OrderCounts(2, 1, 1, 3, new BigDecimal("19.98"), "EUR");
    OrderCounts p2 = new OrderCounts(0, 2, 0, 0, new BigDecimal("5.00"), "USD");
    OrderCounts p3 = new OrderCounts(1, 1, 0, 0, new BigDecimal("1.02"), "EUR");

    SaleStats stats = tally.accept("s1", tick(10_000, new Stock(10, 5, 3, 2, 9, p1), new Stock(5, 3, 0, 2, 4, p2),
        new Stock(4, 1, 2, 1, 3, p3)), 10_000);

    assertThat(stats.ordersByStatus()).containsEntry("PENDING", 3L).containsEntry("CONFIRMED", 4L).containsEntry("CANCELLED", 1L);
    assertThat(stats.unitsByStatus()).containsEntry("PENDING", 5L).containsEntry("CONFIRMED", 5L).containsEntry("CANCELLED", 3L);
    assertThat(stats.revenue()).containsEntry("EUR", new BigDecimal("21.00")).containsEntry("USD", new BigDecimal("5.00"));
    assertThat(tally.accept("s1", tick(11_000, new Stock(10, 5, 3, 2, 9, p1), new Stock(5, 3, 0, 2, 4, p2),
        new Stock(4, 1, 2, 1, 3, p3)), 11_000)).as("the same totals again").isNull();
    assertThat(tally.accept("s1", tick(12_000, new Stock(10, 5, 3, 2, 9, p1)), 12_000)).as("totals moved").isNotNull();
  }

  @Test
  void the_orders_placed_between_two_ticks_count_at_the_second_of_the_later_one() {
    tally.accept("s1", tick(9_000, ordered(3, 1, 0)), 9_000);
    tally.accept("s1", tick(10_200, ordered(5, 2, 1)), 10_200);
    SaleStats stats = tally.accept("s1", tick(11_100, ordered(4, 4, 1)), 11_100);

    assertThat(stats.placedPerSecond()).as("the first tick of a sale there before the ticker only sets the start; "
        + "moves between statuses are no placements").containsExactly(Map.entry(10L, 4L), Map.entry(11L, 1L));
  }

  @Test
  void a_sale_new_to_the_ticker_counts_every_order_it_holds_at_its_first_tick() {
    SaleStats stats = tally.accept("s1", tick(9_000, true, ordered(3, 1, 0)), 9_000);

    assertThat(stats.placedPerSecond()).containsExactly(Map.entry(9L, 4L));
  }

  @Test
  void the_first_change_is_published_at_once_and_the_next_ones_within_the_second_are_not() {
    tally.accept("s1", tick(9_000), 9_000);
    assertThat(tally.accept("s1", rejection(1_000), 10_000)).isNotNull();
    assertThat(tally.accept("s1", rejection(1_001), 10_100)).isNull();
    assertThat(tally.accept("s1", rejection(1_002), 10_900)).isNull();
  }

  @Test
  void a_tick_publishes_what_changed_since_the_last_publication_with_every_change_counted() {
    tally.accept("s1", tick(9_000), 9_000);
    tally.accept("s1", rejection(1_000), 10_000);
    tally.accept("s1", rejection(1_001), 10_100);
    tally.accept("s1", rejection(1_002), 10_200);

    SaleStats published = tally.accept("s1", tick(10_500), 10_500);

    assertThat(published).isNotNull();
    assertThat(published.rejections()).containsEntry("SOLD_OUT", 3L);
  }

  @Test
  void a_tick_without_a_change_publishes_nothing() {
    tally.accept("s1", tick(9_000), 9_000);
    tally.accept("s1", rejection(1_000), 10_000);

    assertThat(tally.accept("s1", tick(11_000), 11_000)).isNull();
  }

  @Test
  void a_change_a_second_after_the_last_publication_is_published_at_once() {
    tally.accept("s1", tick(9_000), 9_000);
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

    RoomStats room = tally.accept("s1", tick(11_000), 11_000).rooms().get("p1");

    assertThat(room.queueLength()).as("3 joined, 1 admitted, 1 sold out").isEqualTo(1);
    assertThat(List.of(room.joined(), room.admitted(), room.expired(), room.soldOut())).containsExactly(3L, 1L, 1L, 1L);
    assertThat(room.admissionsPerSecond(3_000, 1)).isEqualTo(1.0);
    assertThat(room.admissionsPerSecond(10_000, 1)).as("a quiet room falls to zero").isZero();
  }

  @Test
  void an_admission_counted_before_its_join_still_leaves_the_queue() {
    Ticket admitted = Ticket.waiting(1, "n", "u1", 1, 1_000).admitted("s", 2_000, 60);
    tally.accept("s1", RoomEvent.of("s1", "p1", List.of(admitted)), 10_000);
    tally.accept("s1", RoomEvent.joined("s1", "p1", 1_000), 10_001);
    tally.accept("s1", RoomEvent.joined("s1", "p1", 1_100), 10_002);

    RoomStats room = tally.accept("s1", tick(11_000), 11_000).rooms().get("p1");

    assertThat(room.queueLength()).as("2 joined, 1 admitted, whatever the order").isEqualTo(1);
    assertThat(List.of(room.joined(), room.admitted())).containsExactly(2L, 1L);
  }
}
