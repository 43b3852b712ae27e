package com.flashsale.node.processors;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this member owns, as a value to compare from one use to the next: ledgers come to a member without an
 * operation (a migration, a dead member's backups promoted, a merge after a split) and leave it only when its owned
 * partitions or the cluster's members change. Both member-local indexes of the ledgers ({@link DueLedgers} through
 * the sweeper, {@link LatestLedgers}) use it to know when to read every local ledger again. It reads the member's
 * partition table and counts membership events: no call.
 */
public final class Ownership {

  private final HazelcastInstance member;
  private final AtomicLong membershipChanges = new AtomicLong();

  /** The partitions the member owned and how many membership changes it had seen, at one moment. */
  public record Snapshot(BitSet ownedPartitions, long membershipChanges) {}

  Ownership(HazelcastInstance member) {
    this.member = member;
    // Kept for the member's life, like the indexes that read it.
    member.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        changed();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        changed();
      }
    });
  }

  private void changed() {
    membershipChanges.incrementAndGet();
  }

  /** What the member owns now; equal to an earlier snapshot only if nothing came or left since. */
  public Snapshot now() {
    long changes = membershipChanges.get();
    Member self = member.getCluster().getLocalMember();
    BitSet owned = new BitSet();
    for (Partition partition : member.getPartitionService().getPartitions()) {
      if (self.equals(partition.getOwner())) {
        owned.set(partition.getPartitionId());
      }
    }
    return new Snapshot(owned, changes);
  }
}
