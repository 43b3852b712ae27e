package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming statistics job on a three-member cluster: after a mixed load its figures are exactly what a
 * direct count over the orders (and over the rejections the callers received) gives, also when a member
 * crashes in the middle of the load.
 */
class SaleStatisticsJobTest {

  private static final Duration CAUGHT_UP = Duration.ofSeconds(60);

  private final Clock clock = Clock.systemUTC();
  private final Map<String, Long> rejectionsAnswered = new ConcurrentHashMap<>();
  private FlashSaleCluster cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void the_figures_equal_a_direct_count_over_the_orders_after_a_mixed_load() {
    cluster = FlashSaleCluster.start(3, clock, FlashSaleCluster.FAST);
    // A short payment window: the early orders expire (on the cluster's clock) before the rest is placed.
    node(0).sales().create(TestSales.activeSale("mix", 3, 2, TestSales.products(4, 40)));
    awaitJobRunning();
    // The job has read the sale once: every order from here on is a placement in the per-second series.
    await().atMost(CAUGHT_UP).until(() -> stats("mix") != null);

    List<Order> expiring = placeMany("mix", "early", 12);
    await().atMost(CAUGHT_UP).until(() -> expiring.stream().allMatch(order ->
        cluster.grid().ledgers().get(order.productKey()).order(order.orderId()).orElseThrow().status()
            == OrderStatus.CANCELLED));
    List<Order> placed = placeMany("mix", "late", 60);
    for (int i = 0; i < placed.size(); i++) {
      OrderId orderId = OrderId.of(placed.get(i));
      switch (i % 4) {
        case 0 -> node(i % 3).orders().pay(orderId, true, "pay-" + i);
        case 1 -> node(i % 3).orders().pay(orderId, false, "pay-" + i);
        case 2 -> node(i % 3).orders().cancel(orderId);
        default -> { }
      }
    }
    placeMany("mix", "crowd", 150);
    node(1).sales().end("mix");
    placeMany("mix", "too-late", 5);

    awaitFiguresEqualDirectCount("mix");
    SaleStats stats = stats("mix");
    assertThat(stats.rejections()).containsKeys("SOLD_OUT", "LIMIT_EXCEEDED", "SALE_NOT_ACTIVE");
    assertThat(stats.soldOutAt()).isNotEmpty();
    // The per-second series keeps two minutes: every order of this test. (Counted whole: an order's createdAt is
    // cluster time, which may differ from this test's clock by a few milliseconds.)
    assertThat(stats.placedPerSecond().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(ordersOf("mix").size());
  }

  @Test
  void a_member_crash_in_the_middle_of_the_load_loses_no_order_from_the_figures() {
    cluster = FlashSaleCluster.start(3, clock, FlashSaleCluster.FAST);
    node(0).sales().create(TestSales.activeSale("crash", 2, 300, TestSales.products(3, 500)));
    awaitJobRunning();
    List<Order> before = placeMany("crash", "before", 60);
    before.subList(0, 20).forEach(order -> node(0).orders().pay(OrderId.of(order), true, "p"));

    cluster.terminate(2);
    List<Order> after = placeMany("crash", "after", 60);
    after.subList(0, 20).forEach(order -> node(1).orders().cancel(OrderId.of(order)));

    await().atMost(CAUGHT_UP).untilAsserted(() -> assertOrderFiguresMatch("crash"));
  }

  @Test
  void a_job_started_afresh_counts_every_order_placed_before_it() {
    // A job started afresh (no snapshot, as after a restart of the whole cluster) has no event of the orders
    // placed before it: it must take its totals from the ledgers.
    cluster = FlashSaleCluster.start(2, clock, FlashSaleCluster.FAST);
    node(0).sales().create(TestSales.activeSale("fresh", 3, 300, TestSales.products(4, 100)));
    awaitJobRunning();
    List<Order> placed = placeMany("fresh", "buyer", 120);
    for (int i = 0; i < placed.size(); i += 3) {
      node(i % 2).orders().pay(OrderId.of(placed.get(i)), i % 2 == 0, "pay-" + i);
    }
    awaitFiguresEqualDirectCount("fresh");

    node(0).instance().getJet().getJob(MapNames.SALE_STATISTICS_JOB).cancel();
    await().atMost(CAUGHT_UP).until(() -> node(0).instance().getJet().getJob(MapNames.SALE_STATISTICS_JOB)
        .getStatus() == JobStatus.FAILED);
    node(1).instance().getMap(MapNames.SALE_STATS).clear();
    SaleStatisticsJob.submitIfAbsent(node(1).instance());

    await().atMost(CAUGHT_UP).untilAsserted(() -> assertOrderFiguresMatch("fresh"));
    assertThat(stats("fresh").placedPerSecond()).as("orders placed before the job are totals, not a rate").isEmpty();
  }

  @Test
  void events_written_to_the_same_slot_are_each_counted() {
    // PlacementEvents writes over a fixed set of keys: an event that overwrites another is news all the same.
    cluster = FlashSaleCluster.start(1, clock, FlashSaleCluster.FAST);
    node(0).sales().create(TestSales.activeSale("slots", 1, 300, TestSales.products(1, 10)));
    awaitJobRunning();
    await().atMost(CAUGHT_UP).until(() -> stats("slots") != null);
    IMap<Long, SaleInput> events = node(0).instance().getMap(MapNames.PLACEMENT_EVENTS);
    long now = clock.millis();

    events.set(7L, PlacementEvent.rejected("slots", "p0", "SOLD_OUT", now));
    events.set(7L, PlacementEvent.rejected("slots", "p0", "SOLD_OUT", now + 1));
    events.set(7L, PlacementEvent.rejected("slots", "p0", "LIMIT_EXCEEDED", now + 2));

    await().atMost(CAUGHT_UP).untilAsserted(() ->
        assertThat(stats("slots").rejections()).containsEntry("SOLD_OUT", 2L).containsEntry("LIMIT_EXCEEDED", 1L));
  }

  /** Places {@code count} orders spread over the members and products; rejections are tallied as answered. */
  private List<Order> placeMany(String saleId, String users, int count) {
    List<CompletableFuture<Placement>> placements = new ArrayList<>();
    List<FlashSaleNode> running = cluster.running();
    for (int i = 0; i < count; i++) {
      PlaceOrderRequest request = new PlaceOrderRequest(saleId, "p" + (i % 4 == 3 ? 0 : i % 4), users + "-" + (i % 25),
          1 + i % 3);
      FlashSaleNode member = running.get(i % running.size());
      placements.add(CompletableFuture.supplyAsync(() -> member.orders().place(request, null)));
    }
    List<Order> orders = new ArrayList<>();
    for (CompletableFuture<Placement> placement : placements) {
      Placement done = placement.join();
      if (done.hasOrder()) {
        orders.add(done.order());
      } else {
        rejectionsAnswered.merge(done.outcome().name(), 1L, Long::sum);
      }
    }
    return orders;
  }

  private void awaitFiguresEqualDirectCount(String saleId) {
    await().atMost(CAUGHT_UP).untilAsserted(() -> {
      assertOrderFiguresMatch(saleId);
      assertThat(stats(saleId).rejections()).isEqualTo(new TreeMap<>(rejectionsAnswered));
    });
  }

  private void assertOrderFiguresMatch(String saleId) {
    Map<String, Long> orders = new TreeMap<>();
    Map<String, Long> units = new TreeMap<>();
    BigDecimal revenue = BigDecimal.ZERO;
    for (String status : List.of("PENDING", "CONFIRMED", "CANCELLED")) {
      orders.put(status, 0L);
      units.put(status, 0L);
    }
    for (Order order : ordersOf(saleId)) {
      orders.merge(order.status().name(), 1L, Long::sum);
      units.merge(order.status().name(), (long) order.quantity(), Long::sum);
      if (order.status() == OrderStatus.CONFIRMED) {
        revenue = revenue.add(order.unitPrice().multiply(BigDecimal.valueOf(order.quantity())));
      }
    }
    SaleStats stats = stats(saleId);
    assertThat(stats).as("figures of %s", saleId).isNotNull();
    assertThat(new TreeMap<>(stats.ordersByStatus())).isEqualTo(orders);
    assertThat(new TreeMap<>(stats.unitsByStatus())).isEqualTo(units);
    assertThat(stats.revenue().getOrDefault("EUR", BigDecimal.ZERO)).isEqualByComparingTo(revenue);
  }

  /** The sale's orders, from its ledgers: the grid's only copy of them. */
  private List<Order> ordersOf(String saleId) {
    return GridState.read(cluster.grid()).orders().values().stream()
        .filter(order -> order.saleId().equals(saleId)).toList();
  }

  private SaleStats stats(String saleId) {
    IMap<String, SaleStats> stats = cluster.running().get(0).instance().getMap(MapNames.SALE_STATS);
    return stats.get(saleId);
  }

  private void awaitJobRunning() {
    await().atMost(CAUGHT_UP).until(() -> {
      var job = node(0).instance().getJet().getJob(MapNames.SALE_STATISTICS_JOB);
      return job != null && job.getStatus() == JobStatus.RUNNING;
    });
  }

  private FlashSaleNode node(int index) {
    return cluster.node(index);
  }
}
