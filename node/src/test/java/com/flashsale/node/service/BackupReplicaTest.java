package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.test.backup.BackupAccessor;
import com.hazelcast.test.backup.TestBackupUtils;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backups on real members. A ledger's backup receives each change its primary committed and applies it to the
 * same value, so after any mix of operations, and after partitions migrate to a member that joins, every
 * backup replica equals its primary; and a change survives the crash of the member that made it.
 */
class BackupReplicaTest {

  private static final String SALE = "bk";
  private static final int PRODUCTS = 12;

  private FlashSaleCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A property over random histories: each seed is one history of placements, payments, cancels and expiries. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void after_a_random_mix_of_operations_and_a_migration_every_backup_equals_its_primary(long seed) {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    cluster.node(0).sales().create(TestSales.activeSale(SALE, 2, 1, TestSales.products(PRODUCTS, 20)));
    Random random = new Random(seed);
    List<Order> placed = new ArrayList<>();

    runRandomOperations(random, placed, 150);
    cluster.addMember();
    runRandomOperations(random, placed, 150);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.sweepAll() == 0);

    HazelcastInstance[] members = cluster.running().stream().map(FlashSaleNode::instance).toArray(HazelcastInstance[]::new);
    await().atMost(Duration.ofSeconds(30)).until(() -> members[0].getPartitionService().isClusterSafe());
    BackupAccessor<ProductKey, Ledger> backups = TestBackupUtils.newMapAccessor(members, MapNames.LEDGERS);
    Grid grid = cluster.grid();
    for (ProductKey product : Set.copyOf(grid.ledgers().keySet())) {
      assertThat(backups.get(product)).as("backup of %s", product).isEqualTo(grid.ledgers().get(product));
    }
    assertThat(GridState.read(grid).stockViolations()).isEmpty();
    assertThat(GridState.read(grid).limitViolations()).isEmpty();
  }

  private void runRandomOperations(Random random, List<Order> placed, int count) {
    for (int i = 0; i < count; i++) {
      FlashSaleNode node = cluster.running().get(random.nextInt(cluster.running().size()));
      int action = random.nextInt(10);
      if (action < 5 || placed.isEmpty()) {
        PlaceOrderRequest request = new PlaceOrderRequest(SALE, "p" + random.nextInt(PRODUCTS), "u" + random.nextInt(30),
            1 + random.nextInt(2));
        Placement placement = node.orders().place(request, random.nextBoolean() ? null : "k" + random.nextInt(200));
        if (placement.outcome() == Placement.Outcome.CREATED) {
          placed.add(placement.order());
        }
      } else {
        OrderId orderId = OrderId.of(placed.get(random.nextInt(placed.size())));
        switch (action) {
          case 5, 6 -> node.orders().pay(orderId, true, "pay-" + i);
          case 7 -> node.orders().pay(orderId, false, "ko-" + i);
          case 8 -> node.orders().cancel(orderId);
          default -> cluster.sweepAll();
        }
      }
    }
  }

  @Test
  void an_order_placed_on_the_primary_is_still_placed_after_the_primary_crashes() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    cluster.node(0).sales().create(TestSales.activeSale(SALE, 2, 300, TestSales.products(40, 10)));
    HazelcastInstance primary = cluster.node(0).instance();
    ProductKey product = java.util.stream.IntStream.range(0, 40).mapToObj(i -> new ProductKey(SALE, "p" + i))
        .filter(key -> primary.getPartitionService().getPartition(key).getOwner().localMember()).findFirst().orElseThrow();

    Placement placement = cluster.node(1).orders().place(new PlaceOrderRequest(SALE, product.productId(), "u1", 2), null);
    cluster.terminate(0);
    Ledger afterCrash = Grid.of(cluster.node(1).instance()).ledgers().get(product);

    assertThat(placement.outcome()).isEqualTo(Placement.Outcome.CREATED);
    assertThat(afterCrash.available()).isEqualTo(8);
    assertThat(afterCrash.order(placement.order().orderId())).contains(placement.order());
    assertThat(afterCrash.unitsOf("u1")).isEqualTo(2);
  }
}
