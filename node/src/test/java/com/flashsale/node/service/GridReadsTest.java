package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Settings;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partition-grouped read on two members: for a few keys, for keys over every partition (read in several
 * calls), for keys partitioned by their product and for keys with no entry, it answers what {@code getAll} does.
 */
class GridReadsTest {

  private final TestHazelcastFactory factory = new TestHazelcastFactory();
  private HazelcastInstance member;

  @BeforeEach
  void startTwoMembers() {
    for (int i = 0; i < 2; i++) {
      Config config = GridConfig.base(Settings.defaults());
      config.getJetConfig().setEnabled(false);
      HazelcastInstance started = factory.newHazelcastInstance(config);
      member = member == null ? started : member;
    }
  }

  @AfterEach
  void stop() {
    factory.terminateAll();
  }

  @Test
  void a_few_keys_are_read_as_get_all_reads_them() {
    IMap<Long, String> map = member.getMap("grid-reads");
    LongStream.range(0, 10).forEach(id -> map.set(id, "v" + id));
    Set<Long> keys = Set.of(1L, 4L, 9L, 42L);

    assertThat(GridReads.getAll(member, map, keys)).isEqualTo(map.getAll(keys)).containsOnlyKeys(1L, 4L, 9L);
  }

  @Test
  void keys_over_every_partition_are_read_in_several_calls_and_every_entry_is_answered() {
    IMap<Long, String> map = member.getMap("grid-reads");
    Map<Long, String> entries = LongStream.range(0, 3_000).boxed().collect(Collectors.toMap(id -> id, id -> "v" + id));
    map.putAll(entries);
    Set<Long> keys = LongStream.range(0, 3_500).boxed().collect(Collectors.toSet());
    int partitions = member.getPartitionService().getPartitions().size();
    assertThat((long) keys.size() * partitions).as("more filtering than one call may do").isGreaterThan(GridReads.FILTER_BUDGET);

    Map<Long, String> read = GridReads.getAll(member, map, keys);

    assertThat(read).isEqualTo(map.getAll(keys)).isEqualTo(entries);
  }

  @Test
  void keys_partitioned_by_their_product_are_read_with_it() {
    IMap<HoldingKey, Holding> holdings = member.getMap(MapNames.HOLDINGS);
    List<HoldingKey> keys = IntStream.range(0, 400)
        .mapToObj(i -> new HoldingKey("sale", "p-" + i % 20, "user-" + i)).toList();
    keys.forEach(key -> holdings.set(key, Holding.empty().reserve(key.hashCode(), 1, 1_000)));

    assertThat(GridReads.getAll(member, holdings, keys)).isEqualTo(holdings.getAll(new HashSet<>(keys))).hasSize(400);
  }
}
