package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.InSales;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statistics ticker's sums from each member's latest ledgers equal a scan of the ledgers map, on members that
 * take orders, settle them, and come and go: what a member gains by migration or by a dead member's backups it
 * reads again before it answers with sums.
 */
class MemberSumsTest {

  private static final Set<String> SALES = Set.of("stats");

  private FlashSaleCluster cluster;
  private int user;

  @BeforeEach
  void startTwoMembersWithASale() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    cluster.node(0).sales().create(TestSales.activeSale("stats", 3, 300, TestSales.products(40, 50)));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void the_members_sums_equal_a_scan_of_the_ledgers_after_orders_payments_and_cancellations() {
    placeSettleAndCancel(cluster.node(0), 120);

    awaitSumsEqualAScan();
  }

  /** An operator's end closes every ledger in one call on many keys; only the primaries record the closed ledgers. */
  @Test
  void ending_the_sale_leaves_the_sums_equal_to_a_scan() {
    placeSettleAndCancel(cluster.node(0), 80);
    awaitSumsEqualAScan();

    assertThat(cluster.node(0).sales().end("stats")).isPresent();

    awaitSumsEqualAScan();
  }

  @Test
  void a_member_that_joins_or_one_that_dies_leaves_the_sums_equal_to_a_scan_once_the_ledgers_are_read_again() {
    placeSettleAndCancel(cluster.node(0), 60);
    awaitSumsEqualAScan();

    cluster.addMember();
    placeSettleAndCancel(cluster.node(2), 60);
    awaitSumsEqualAScan();

    cluster.terminate(0);
    placeSettleAndCancel(cluster.node(1), 60);
    awaitSumsEqualAScan();
  }

  /** Orders on every product, every third paid and every fifth cancelled: all three figures move. */
  private void placeSettleAndCancel(FlashSaleNode node, int orders) {
    for (int i = 0; i < orders; i++) {
      Placement placed = node.orders().place(new PlaceOrderRequest("stats", "p" + (i % 40), "u" + user++, 1), null);
      assertThat(placed.outcome()).isEqualTo(Placement.Outcome.CREATED);
      OrderId orderId = OrderId.of(placed.order());
      if (i % 3 == 0) {
        assertThat(node.orders().pay(orderId, true, "pay-" + orderId).outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
      } else if (i % 5 == 0) {
        assertThat(node.orders().cancel(orderId).outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
      }
    }
  }

  private void awaitSumsEqualAScan() {
    HazelcastInstance member = cluster.running().get(0).instance();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      Map<String, SaleTotals> scanned =
          member.<ProductKey, Ledger>getMap("ledgers").aggregate(new SumSaleTotals(), new InSales(SALES));
      Optional<Map<String, SaleTotals>> summed = MemberSums.collect(member, SALES);
      assertThat(summed).as("every member's index complete").isPresent();
      assertThat(summed.get()).isEqualTo(scanned);
    });
    assertThat(MemberSums.collect(member, SALES).get().get("stats").confirmedOrders()).isPositive();
  }
}
