package com.flashsale.node.processors;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.BitSet;

/**
 * The partitions a member owns now, by id: what the member-local indexes of the ledgers ({@link DueLedgers},
 * {@link LatestLedgers}) compare from one use to the next to see that ledgers may have come or gone without an
 * operation (a migration, a dead member's backups promoted). It reads the member's partition table: no call.
 */
public final class OwnedPartitions {

  private OwnedPartitions() {}

  public static BitSet of(HazelcastInstance member) {
    Member self = member.getCluster().getLocalMember();
    BitSet owned = new BitSet();
    for (Partition partition : member.getPartitionService().getPartitions()) {
      if (self.equals(partition.getOwner())) {
        owned.set(partition.getPartitionId());
      }
    }
    return owned;
  }
}
