package com.flashsale.node.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import java.time.Clock;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.test.HazelcastTestSupport;
import com.hazelcast.test.SplitBrainTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real split on three members without split-brain protection (the hazelcast tests jar's firewalled mock
 * network): 2 | 1, both sides sell and confirm the same product, then the network heals and the lone member
 * merges back. The merged ledger must hold both sides' orders (no unit sold on one side is on sale again), and every
 * answered order must survive, readable by its id from every member.
 */
class SplitBrainTest {

  private static final String SALE_ID = "split";
  /** Enough products that one of them has its stock on the member that will be cut off. */
  private static final int PRODUCTS = 40;

  private final Clock clock = Clock.systemUTC();
  private FlashSaleCluster cluster;

  @BeforeEach
  void startThreeMembersThatMergeSoonAfterHealing() {
    cluster = FlashSaleCluster.start(3, clock, FlashSaleCluster.MANUAL_SWEEP, config -> config
        .setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "1")
        .setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "1"));
    Sale sale = TestSales.activeSale(SALE_ID, 5, 300, TestSales.products(PRODUCTS, 10));
    cluster.node(0).sales().create(sale);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void after_a_split_in_which_both_sides_sold_the_merged_stock_follows_the_orders() {
    Member loneMember = cluster.node(0).instance().getPartitionService().getPartition(SALE_ID).getOwner();
    FlashSaleNode lone = cluster.nodes().stream().filter(node -> node.instance().getCluster().getLocalMember()
        .equals(loneMember)).findFirst().orElseThrow();
    List<FlashSaleNode> majority = cluster.nodes().stream().filter(node -> node != lone).toList();
    ProductKey product = productStoredOn(loneMember);
    List<Order> answered = new ArrayList<>();
    Order paidDuringTheSplit = place(majority.get(0), product, "before", 2);
    answered.add(paidDuringTheSplit);

    split(lone, majority);
    pay(majority.get(0), paidDuringTheSplit);
    for (String user : List.of("m1", "m2", "m3")) {
      answered.add(pay(majority.get(1), place(majority.get(1), product, user, 1)));
    }
    for (String user : List.of("l1", "l2")) {
      answered.add(pay(lone, place(lone, product, user, 1)));
    }
    heal(lone, majority);

    Grid grid = Grid.of(majority.get(0).instance());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(grid.ledgers().get(product).orders().keySet()).as("the merged ledger's orders")
            .containsAll(answered.stream().map(Order::orderId).toList()));
    Ledger ledger = grid.ledgers().get(product);
    for (Order order : answered) {
      assertThat(ledger.orders().get(order.orderId())).as("order %s", order.orderId())
          .extracting(Order::status).isEqualTo(OrderStatus.CONFIRMED);
    }
    assertThat(ledger.confirmed()).as("units of the CONFIRMED orders of both sides").isEqualTo(2 + 3 + 2);
    assertThat(ledger.pending()).isZero();
    assertThat(ledger.available()).isEqualTo(ledger.total() - ledger.confirmed());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(GridState.read(grid).stockViolations()).isEmpty();
      assertThat(GridState.read(grid).limitViolations()).isEmpty();
    });
    for (FlashSaleNode node : cluster.nodes()) {
      for (Order order : answered) {
        assertThat(node.orders().find(OrderId.of(order))).as("order %s read on a member", order.orderId())
            .hasValueSatisfying(found -> assertThat(found.status()).isEqualTo(OrderStatus.CONFIRMED));
      }
    }
  }

  /** A product whose ledger {@code member} owns, so that it still has the figures when it is cut off. */
  private ProductKey productStoredOn(Member member) {
    for (int i = 0; i < PRODUCTS; i++) {
      ProductKey key = new ProductKey(SALE_ID, "p" + i);
      if (cluster.node(0).instance().getPartitionService().getPartition(key).getOwner().equals(member)) {
        return key;
      }
    }
    throw new IllegalStateException("no product's ledger is owned by " + member);
  }

  private static Order place(FlashSaleNode node, ProductKey product, String user, int quantity) {
    Placement placement = node.orders().place(new PlaceOrderRequest(SALE_ID, product.productId(), user, quantity), null);
    assertThat(placement.outcome()).as("placing for %s", user).isEqualTo(Placement.Outcome.CREATED);
    return placement.order();
  }

  private static Order pay(FlashSaleNode node, Order order) {
    assertThat(node.orders().pay(OrderId.of(order), true, "pay-" + order.orderId()).outcome())
        .as("paying %s", order.userId()).isEqualTo(OrderChange.Outcome.APPLIED);
    return order;
  }

  /** Cuts {@code lone} off the others and waits until each side sees only itself and owns every partition. */
  private static void split(FlashSaleNode lone, List<FlashSaleNode> majority) {
    for (FlashSaleNode other : majority) {
      SplitBrainTestSupport.blockCommunicationBetween(lone.instance(), other.instance());
    }
    for (FlashSaleNode other : majority) {
      HazelcastTestSupport.closeConnectionBetween(lone.instance(), other.instance());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> members(lone.instance()) == 1
        && majority.stream().allMatch(node -> members(node.instance()) == 2)
        && lone.instance().getPartitionService().isClusterSafe()
        && majority.get(0).instance().getPartitionService().isClusterSafe());
  }

  /** Lets the members talk again and waits until the lone member has merged into the others. */
  private static void heal(FlashSaleNode lone, List<FlashSaleNode> majority) {
    AtomicBoolean merged = new AtomicBoolean();
    lone.instance().getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        merged.set(true);
      }
    });
    for (FlashSaleNode other : majority) {
      SplitBrainTestSupport.unblockCommunicationBetween(lone.instance(), other.instance());
    }
    await().atMost(Duration.ofSeconds(40)).untilTrue(merged);
    await().atMost(Duration.ofSeconds(20)).until(() -> members(lone.instance()) == 3);
  }

  private static int members(HazelcastInstance instance) {
    return instance.getCluster().getMembers().size();
  }
}
