package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.processors.ReleaseAllowance;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.TakeResult;
import com.flashsale.node.processors.TakeUnits;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backups on real members: a change made by an entry processor on the primary survives the primary's crash,
 * because the backup replica received the written value (or the removal) before the call returned.
 */
class BackupReplicaTest {

  private final TestHazelcastFactory factory = new TestHazelcastFactory();
  private HazelcastInstance primary;
  private HazelcastInstance survivor;

  @BeforeEach
  void startTwoMembers() {
    primary = factory.newHazelcastInstance(GridConfig.base(Settings.defaults()));
    survivor = factory.newHazelcastInstance(GridConfig.base(Settings.defaults()));
  }

  @AfterEach
  void stopThem() {
    factory.terminateAll();
  }

  @Test
  void units_taken_on_the_primary_are_still_taken_after_the_primary_crashes() {
    ProductKey product = IntStream.range(0, 1_000).mapToObj(i -> new ProductKey("s1", "p" + i))
        .filter(key -> ownedBy(primary, key)).findFirst().orElseThrow();
    Instant now = Instant.now();
    Grid grid = Grid.of(survivor);
    grid.stock().put(product, Stock.initial(10, now.minusSeconds(60), now.plusSeconds(3600)));

    TakeResult take = grid.stock().executeOnKey(product, new TakeUnits(7, "u1", 3, now.toEpochMilli(), now.toEpochMilli()));
    primary.getLifecycleService().terminate();
    Stock afterCrash = Grid.of(survivor).stock().get(product);

    assertThat(take.outcome()).isEqualTo(TakeResult.Outcome.TAKEN);
    assertThat(afterCrash.available()).isEqualTo(7);
    assertThat(afterCrash.hold(7)).isPresent();
    assertThat(afterCrash.version()).isEqualTo(2);
  }

  @Test
  void a_removal_on_the_primary_is_a_removal_on_the_backup() {
    HoldingKey holding = IntStream.range(0, 1_000).mapToObj(i -> new HoldingKey("s1", "p" + i, "u1"))
        .filter(key -> ownedBy(primary, key)).findFirst().orElseThrow();
    Grid grid = Grid.of(survivor);
    grid.holdings().executeOnKey(holding, new ReserveAllowance(7, 2, 3, 0));
    grid.holdings().executeOnKey(holding, new ReleaseAllowance(7));

    primary.getLifecycleService().terminate();

    assertThat(Grid.of(survivor).holdings().containsKey(holding)).isFalse();
  }

  @Test
  void a_reservation_on_the_primary_is_on_the_backup_after_the_crash() {
    HoldingKey holding = IntStream.range(0, 1_000).mapToObj(i -> new HoldingKey("s2", "p" + i, "u1"))
        .filter(key -> ownedBy(primary, key)).findFirst().orElseThrow();
    Grid.of(survivor).holdings().executeOnKey(holding, new ReserveAllowance(7, 2, 3, 0));

    primary.getLifecycleService().terminate();

    assertThat(Grid.of(survivor).holdings().get(holding).held()).isEqualTo(2);
  }

  private static boolean ownedBy(HazelcastInstance member, Object key) {
    Member owner = member.getPartitionService().getPartition(key).getOwner();
    return owner != null && owner.equals(member.getCluster().getLocalMember());
  }
}
