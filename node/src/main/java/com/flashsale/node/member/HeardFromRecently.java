package com.flashsale.node.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Split-brain protection that counts a member as present only while this member keeps hearing its heartbeats:
 * the local member, plus every other member of the member list whose last heartbeat arrived at most
 * {@code tolerance} ago on this member's own monotonic clock. A member cut off from the others so turns to
 * refusing (503) a tolerance after their heartbeats stop, before they can declare it dead and take over its
 * partitions; counting the member list instead left it serving from its own stale copies right after it had
 * removed the others.
 *
 * <p>Hazelcast's own recently-active function compares the heartbeat's timestamp, taken on the sender's clock,
 * with the receiver's clock: a member whose clock is a few seconds off then never counts the others, and a
 * cluster with that much skew between machines refuses everything. Arrival times on {@link System#nanoTime()}
 * do not depend on any clock agreeing. A member seen in the member list for the first time counts from that
 * moment, so a joining member is present until it has had the tolerance to send its first heartbeat.
 */
final class HeardFromRecently implements SplitBrainProtectionFunction, HeartbeatAware, MembershipListener {

  private final int minimumClusterSize;
  private final long toleranceNanos;
  private final ConcurrentMap<UUID, Long> heardAt = new ConcurrentHashMap<>();

  HeardFromRecently(int minimumClusterSize, long toleranceMillis) {
    this.minimumClusterSize = minimumClusterSize;
    this.toleranceNanos = toleranceMillis * 1_000_000;
  }

  long toleranceMillis() {
    return toleranceNanos / 1_000_000;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    if (members.size() < minimumClusterSize) {
      return false;
    }
    long now = System.nanoTime();
    int present = 0;
    for (Member member : members) {
      if (member.localMember() || now - heardAt.computeIfAbsent(member.getUuid(), first -> now) <= toleranceNanos) {
        present++;
      }
    }
    return present >= minimumClusterSize;
  }

  @Override
  public void onHeartbeat(Member member, long timestamp) {
    heardAt.put(member.getUuid(), System.nanoTime());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    heardAt.putIfAbsent(event.getMember().getUuid(), System.nanoTime());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    heardAt.remove(event.getMember().getUuid());
  }
}
