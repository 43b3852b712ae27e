package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This member's latest value of each ledger it owns, by sale: what the statistics ticker sums each second (a few
 * additions per product over a plain map) instead of scanning the ledgers map, where iterating the partitions'
 * records cost three times the sums. The ledger operations keep it on the primary, in the step that changes a
 * ledger ({@link LedgerOperation}); a ledger is an immutable persistent value, so holding the latest one costs a
 * reference, not a copy.
 *
 * <p>It is complete only while this member owns the partitions it owned when it last read all its ledgers
 * ({@link #reading}) and no member has come or gone since: ledgers arrive by migration, promotion or merge without
 * an operation, and ledgers that left stay here until the next read. {@link #complete} says so; a caller that
 * finds it incomplete reads the map instead and has it read again.
 */
public final class LatestLedgers {

  private static final String CONTEXT_KEY = LatestLedgers.class.getName();

  private final HazelcastInstance member;
  private final ConcurrentHashMap<String, ConcurrentHashMap<ProductKey, Ledger>> bySale = new ConcurrentHashMap<>();
  private final AtomicLong membershipChanges = new AtomicLong();
  private final AtomicBoolean reading = new AtomicBoolean();
  /** What the last complete read covered; null before the first and while one runs. */
  private volatile Coverage coverage;

  private record Coverage(BitSet ownedPartitions, long membershipChanges) {}

  private LatestLedgers(HazelcastInstance member) {
    this.member = member;
    member.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        membershipChanges.incrementAndGet();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        membershipChanges.incrementAndGet();
      }
    });
  }

  /** The index of {@code member}, created on first use. */
  public static LatestLedgers of(HazelcastInstance member) {
    return (LatestLedgers) member.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> new LatestLedgers(member));
  }

  /** Records the ledger's latest value (the primary's, after an operation). */
  public void record(ProductKey product, Ledger ledger) {
    bySale.computeIfAbsent(ledger.saleId(), sale -> new ConcurrentHashMap<>()).put(product, ledger);
  }

  /** Hands each recorded ledger of the given sales to {@code sink}: O(their products), nothing else read. */
  public void forEachOf(Set<String> saleIds, Consumer<Ledger> sink) {
    for (String saleId : saleIds) {
      Map<ProductKey, Ledger> ledgers = bySale.get(saleId);
      if (ledgers != null) {
        ledgers.values().forEach(sink);
      }
    }
  }

  /** Whether every ledger this member owns now is here, at its latest value. */
  public boolean complete() {
    Coverage covered = coverage;
    return covered != null && covered.membershipChanges() == membershipChanges.get()
        && covered.ownedPartitions().equals(OwnedPartitions.of(member));
  }

  /**
   * Starts a read of every ledger, unless one is running (then null): forgets them all, and the caller then has each
   * local ledger recorded by an operation on its partition ({@link RecordLedger}), so that the read never records an
   * older value over a newer one. Pass what it returns to {@link #read}.
   */
  public Object reading() {
    if (!reading.compareAndSet(false, true)) {
      return null;
    }
    coverage = null;
    Coverage before = new Coverage(OwnedPartitions.of(member), membershipChanges.get());
    bySale.clear();
    return before;
  }

  /** Ends a read started by {@link #reading}: complete if it succeeded and the cluster did not change meanwhile. */
  public void read(Object started, boolean succeeded) {
    Coverage before = (Coverage) started;
    if (succeeded && before.membershipChanges() == membershipChanges.get()
        && before.ownedPartitions().equals(OwnedPartitions.of(member))) {
      coverage = before;
    }
    reading.set(false);
  }
}
