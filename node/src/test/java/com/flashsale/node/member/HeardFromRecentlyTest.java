package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.version.MemberVersion;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Members count while their heartbeats arrive, on the receiver's own clock, whatever the senders' clocks say. */
class HeardFromRecentlyTest {

  private static Member member(int port, boolean local) throws UnknownHostException {
    return new MemberImpl(new Address("127.0.0.1", port), MemberVersion.of("5.7.0"), local, UUID.randomUUID());
  }

  @Test
  void a_member_whose_heartbeats_stopped_no_longer_counts_and_counts_again_when_they_resume() throws UnknownHostException {
    Member self = member(5701, true);
    Member talking = member(5702, false);
    Member silent = member(5703, false);
    List<Member> members = List.of(self, talking, silent);
    HeardFromRecently majority = new HeardFromRecently(2, 1_000);
    HeardFromRecently all = new HeardFromRecently(3, 1_000);

    assertThat(majority.apply(members)).as("members first seen count from then").isTrue();
    assertThat(all.apply(members)).isTrue();
    // The silent member drops out once the tolerance has passed; a timestamp from a clock far off changes
    // nothing for the one still talking: arrival is what counts.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      majority.onHeartbeat(talking, 0);
      all.onHeartbeat(talking, Long.MAX_VALUE);
      return !all.apply(members);
    });

    assertThat(majority.apply(members)).as("this member and the one still talking").isTrue();
    assertThat(all.apply(members)).as("one of three silent for longer than the tolerance").isFalse();
    all.onHeartbeat(silent, 0);
    assertThat(all.apply(members)).isTrue();
  }

  @Test
  void a_member_alone_never_makes_a_majority() throws Exception {
    Member self = member(5701, true);

    assertThat(new HeardFromRecently(2, 60_000).apply(List.of(self))).isFalse();
  }
}
