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
 * Short-lived entries leave the member soon after they expire, in every partition: the rate limiter's buckets,
 * written by the thousand each second by a crowd, must not outlive their time-to-live by more than a few cleanup
 * rounds. Hazelcast's defaults visit a handful of partitions every 5 s (three per partition
 * thread) and scan a tenth of each: on a 2-core member an expired entry could wait over half an hour, and a bench
 * found 780,000 expired buckets still held after ten minutes.
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
  void expired_buckets_leave_every_partition_within_seconds() {
    IMap<String, String> buckets = member.getMap(MapNames.RATE_LIMITS);
    Map<String, String> some = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      some.put("user:u" + i, "bucket");
    }
    buckets.putAll(some);
    some.keySet().forEach(key -> buckets.setTtl(key, 1, TimeUnit.SECONDS));
    assertThat(buckets.getLocalMapStats().getOwnedEntryCount()).isEqualTo(ENTRIES);

    // Counted without reading an entry, which would remove an expired one on the spot and hide the cleanup's pace.
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
        .until(() -> buckets.getLocalMapStats().getOwnedEntryCount() == 0);
  }
}
