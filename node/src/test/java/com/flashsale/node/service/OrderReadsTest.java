package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.cluster.Member;
import com.hazelcast.partition.PartitionService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orders are read from their ledgers, the grid's only copy of them: by {@link OrderId} on the partition its shard
 * names, and by user from every ledger's index of buyers. On real members, so from whichever member the shopper's
 * request reaches, and after partitions migrate to a member that joins.
 */
class OrderReadsTest {

  private FlashSaleCluster cluster;

  @BeforeEach
  void startTwoMembers() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void an_order_is_found_by_its_id_from_every_member_as_its_ledger_holds_it() {
    cluster.node(0).sales().create(TestSales.activeSale("byid", 2, 300, TestSales.products(20, 5)));
    List<Order> placed = placeOnEveryProduct(cluster.node(0), "byid", 20);
    Order paid = placed.getFirst();
    assertThat(cluster.node(1).orders().pay(OrderId.of(paid), true, "pay-1").outcome())
        .isEqualTo(OrderChange.Outcome.APPLIED);

    for (FlashSaleNode member : cluster.running()) {
      for (Order order : placed) {
        assertThat(member.orders().find(OrderId.of(order))).as("order %s on %s", order.orderId(), member.instance())
            .contains(cluster.grid().ledgers().get(order.productKey()).order(order.orderId()).orElseThrow());
      }
      assertThat(member.orders().find(OrderId.of(paid)).orElseThrow().status()).isEqualTo(OrderStatus.CONFIRMED);
    }
  }

  @Test
  void an_id_with_the_right_number_but_another_shard_finds_nothing_and_changes_nothing() {
    cluster.node(0).sales().create(TestSales.activeSale("shard", 2, 300, List.of(TestSales.product("p1", 5))));
    Order order = place(cluster.node(0), "shard", "p1", "u1");
    int shard = order.productKey().shard();
    PartitionService partitions = cluster.node(0).instance().getPartitionService();
    int partition = partitions.getPartition(order.productKey()).getPartitionId();
    int sameShardsPartition = partitions.getPartition(shard).getPartitionId();
    assertThat(sameShardsPartition).as("the shard names the ledger's partition").isEqualTo(partition);
    int shardOnTheSamePartition = IntStream.range(0, ProductKey.SHARDS)
        .filter(other -> other != shard && partitions.getPartition(other).getPartitionId() == partition)
        .findFirst().orElseThrow();
    int shardElsewhere = IntStream.range(0, ProductKey.SHARDS)
        .filter(other -> partitions.getPartition(other).getPartitionId() != partition).findFirst().orElseThrow();

    for (int wrong : List.of(shardOnTheSamePartition, shardElsewhere)) {
      OrderId misdirected = new OrderId(order.orderId(), wrong);
      for (FlashSaleNode member : cluster.running()) {
        assertThat(member.orders().find(misdirected)).as("shard %d on %s", wrong, member.instance()).isEmpty();
        assertThat(member.orders().cancel(misdirected).outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
        assertThat(member.orders().pay(misdirected, true, "pay-x").outcome()).isEqualTo(OrderChange.Outcome.NOT_FOUND);
      }
    }
    assertThat(cluster.grid().ledgers().get(order.productKey()).order(order.orderId())).contains(order);
    assertThat(cluster.node(1).orders().find(OrderId.of(order))).contains(order);
  }

  @Test
  void a_users_orders_of_several_products_and_sales_are_listed_newest_first_from_either_member() {
    cluster.node(0).sales().create(TestSales.activeSale("first", 3, 300, TestSales.products(3, 5)));
    cluster.node(0).sales().create(TestSales.activeSale("second", 3, 0, TestSales.products(2, 5)));
    List<Order> hers = new ArrayList<>();
    hers.add(place(cluster.node(0), "first", "p0", "ada"));
    place(cluster.node(1), "first", "p0", "bob");
    hers.add(place(cluster.node(1), "first", "p2", "ada"));
    hers.add(place(cluster.node(0), "second", "p1", "ada"));
    place(cluster.node(0), "second", "p1", "bob");
    hers.add(place(cluster.node(1), "first", "p2", "ada"));
    place(cluster.node(1), "first", "p1", "ada-2");
    Order cancelled = hers.get(1);
    assertThat(cluster.node(0).orders().cancel(OrderId.of(cancelled)).outcome()).isEqualTo(OrderChange.Outcome.APPLIED);
    // Newest by the cluster time each ledger stamped (members' clocks may differ by a millisecond), then by id.
    Comparator<Order> newestFirst = Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed();

    for (FlashSaleNode member : cluster.running()) {
      List<Order> listed = member.orders().ordersOf("ada");

      assertThat(listed).as("on %s", member.instance()).extracting(Order::orderId)
          .containsExactlyInAnyOrderElementsOf(hers.stream().map(Order::orderId).toList());
      assertThat(listed).isSortedAccordingTo(newestFirst);
      assertThat(listed).filteredOn(order -> order.orderId() == cancelled.orderId()).singleElement()
          .extracting(Order::status).isEqualTo(OrderStatus.CANCELLED);
      assertThat(listed).extracting(Order::saleId).containsOnly("first", "second").contains("first", "second");
    }
    assertThat(cluster.node(1).orders().ordersOf("nobody")).isEmpty();
  }

  @Test
  void orders_are_found_by_id_and_by_user_from_every_member_after_a_member_joins_and_partitions_migrate() {
    cluster.node(0).sales().create(TestSales.activeSale("grow", 2, 300, TestSales.products(40, 5)));
    List<Order> placed = placeOnEveryProduct(cluster.node(1), "grow", 40);

    FlashSaleNode joined = cluster.addMember();
    await().atMost(Duration.ofSeconds(60)).until(() -> joined.instance().getPartitionService().isClusterSafe());
    Member newcomer = joined.instance().getCluster().getLocalMember();
    assertThat(placed).as("the member that joined now owns some of the ledgers").anyMatch(order ->
        newcomer.equals(joined.instance().getPartitionService().getPartition(order.productKey()).getOwner()));

    for (FlashSaleNode member : cluster.running()) {
      for (Order order : placed) {
        assertThat(member.orders().find(OrderId.of(order))).as("order %s on %s", order.orderId(), member.instance())
            .contains(order);
      }
      assertThat(member.orders().ordersOf("buyer")).as("on %s", member.instance()).extracting(Order::orderId)
          .containsExactlyInAnyOrderElementsOf(placed.stream().map(Order::orderId).toList());
    }
  }

  /** One order of one unit for user "buyer" on each of the first {@code products} products of the sale. */
  private static List<Order> placeOnEveryProduct(FlashSaleNode member, String saleId, int products) {
    List<Order> placed = new ArrayList<>();
    for (int i = 0; i < products; i++) {
      placed.add(place(member, saleId, "p" + i, "buyer"));
    }
    return placed;
  }

  private static Order place(FlashSaleNode member, String saleId, String productId, String userId) {
    Placement placement = member.orders().place(new PlaceOrderRequest(saleId, productId, userId, 1), null);
    assertThat(placement.outcome()).as("placing %s of %s for %s", productId, saleId, userId)
        .isEqualTo(Placement.Outcome.CREATED);
    return placement.order();
  }
}
