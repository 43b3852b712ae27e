package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Short-lived entries leave the member soon after they expire, in every partition: the used challenge solutions,
 * written by the thousand each second by a crowd when a sale requires a challenge, must not outlive their
 * time-to-live by more than a few cleanup rounds. Hazelcast's defaults visit a handful of partitions every 5 s
 * (three per partition thread) and scan a tenth of each: on a 2-core member an expired entry could wait over half
 * an hour, and a bench found 780,000 expired rate-limit entries still held after ten minutes (when the buckets were
 * a map).
 */
class ExpiredEntriesCleanupTest {

  private static final int ENTRIES = 10_000;

  private TestHazelcastFactory factory;
  private HazelcastInstance member;

  @BeforeEach
  void startMember() {
    factory = new TestHazelcastFactory();
    member = factory.newHazelcastInstance(GridConfig.base(Settings.defaults()));
  }

  @AfterEach
  void stopMember() {
    factory.terminateAll();
  }

  @Test
  void expired_entries_leave_every_partition_within_seconds() {
    IMap<String, String> solutions = member.getMap(MapNames.CHALLENGE_SOLUTIONS);
    Map<String, String> some = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      some.put("solution-" + i, "used");
    }
    solutions.putAll(some);
    some.keySet().forEach(key -> solutions.setTtl(key, 1, TimeUnit.SECONDS));
    assertThat(solutions.getLocalMapStats().getOwnedEntryCount()).isEqualTo(ENTRIES);

    // Counted without reading an entry, which would remove an expired one on the spot and hide the cleanup's pace.
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
        .until(() -> solutions.getLocalMapStats().getOwnedEntryCount() == 0);
  }
}
