package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.node.domain.WaitingRoom;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.cluster.Member;
import com.hazelcast.jet.Job;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The room keeper on two members that step their rooms only when told: once the cluster is settled a pass looks
 * only at the products with a live room, and the rooms of a member that died move on at the member that took its
 * partitions.
 */
class RoomKeeperTest {

  private static final List<Product> PRODUCTS = TestSales.products(200, 5);

  private FlashSaleCluster cluster;
  private FlashSaleNode node;

  @BeforeEach
  void startTwoMembersWithARoomSale() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    node = cluster.node(0);
    node.sales().create(TestSales.activeSale("room", 1, 300, PRODUCTS).withWaitingRoom(new WaitingRoom(100, 60)));
    // The statistics job's ticker also has a member read its ledgers again after the cluster changed: stopped, so
    // that these tests show the keeper does so on its own (a sale long over has no ticker, and its rooms still end).
    Job statistics = node.instance().getJet().getJob(MapNames.SALE_STATISTICS_JOB);
    if (statistics != null) {
      statistics.cancel();
      await().atMost(Duration.ofSeconds(30)).until(() -> statistics.getStatus().isTerminal());
    }
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void once_the_cluster_is_settled_a_pass_steps_only_the_rooms_that_owe_a_change() {
    awaitSettled();
    join("p7", "u1");

    List<RoomKeeper.Pass> passes = advanceEach();

    assertThat(passes).noneMatch(RoomKeeper.Pass::readAll);
    assertThat(passes.stream().mapToInt(RoomKeeper.Pass::rooms).sum()).as("rooms stepped of 200").isEqualTo(1);
    assertThat(passes.stream().mapToInt(RoomKeeper.Pass::changed).sum()).as("the ticket admitted").isEqualTo(1);
    assertThat(statuses("p7")).containsExactly(TicketStatus.ADMITTED);
    assertThat(advanceEach()).as("an admitted ticket owes nothing for a minute").allMatch(pass -> pass.rooms() == 0);
  }

  @Test
  void rooms_of_a_member_that_died_move_on_at_the_member_that_took_its_partitions() {
    awaitSettled();
    Member dying = cluster.node(1).instance().getCluster().getLocalMember();
    List<String> ownedByTheDying = PRODUCTS.stream().map(Product::productId)
        .filter(product -> dying.equals(node.instance().getPartitionService()
            .getPartition(new ProductKey("room", product)).getOwner()))
        .toList();
    assertThat(ownedByTheDying).as("the member about to die owns some of the products").isNotEmpty();
    ownedByTheDying.forEach(product -> join(product, "u-" + product));

    cluster.terminate(1);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      advanceEach();
      assertThat(ownedByTheDying).allSatisfy(product ->
          assertThat(statuses(product)).as(product).containsExactly(TicketStatus.ADMITTED));
    });
  }

  private void join(String productId, String userId) {
    TicketAnswer joined = node.waitingRooms().join("room", productId, userId, 1);
    assertThat(joined.outcome()).isEqualTo(TicketAnswer.Outcome.JOINED);
  }

  private List<TicketStatus> statuses(String productId) {
    return cluster.grid().ledgers().get(new ProductKey("room", productId)).room().tickets().values().stream()
        .map(Ticket::status).toList();
  }

  private List<RoomKeeper.Pass> advanceEach() {
    return cluster.running().stream().map(member -> member.rooms().advance()).toList();
  }

  /** Until every member's index of its ledgers is complete: its passes no longer read every ledger. */
  private void awaitSettled() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> advanceEach().stream().noneMatch(RoomKeeper.Pass::readAll));
  }
}
