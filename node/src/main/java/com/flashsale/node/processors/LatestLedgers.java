package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.OrderCounts;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This member's latest value of each ledger it owns, and each sale's figures summed over them: what the statistics
 * ticker reads each second (a few numbers per sale) instead of scanning the ledgers map, where iterating the
 * partitions' records cost three times the sums. The ledger operations keep it on the primary, in the step that
 * changes a ledger ({@link LedgerOperation}): a sale's figures move by the difference between the ledger recorded
 * before and the one recorded now, so the work follows the changes, not the size of the sale. A ledger is an
 * immutable value, so holding the latest one costs a reference, not a copy.
 *
 * <p>It is complete only while this member owns the partitions it owned when it last read all its ledgers
 * ({@link #reading}) and no member has come or gone since: ledgers arrive by migration, promotion or merge without
 * an operation, and ledgers that left stay here until the next read. {@link #complete} says so; a caller that
 * finds it incomplete reads the map instead and has it read again.
 */
public final class LatestLedgers {

  private static final String CONTEXT_KEY = LatestLedgers.class.getName();

  private final HazelcastInstance member;
  /** The latest ledger of each product; a sale's figures always sum exactly the ledgers here (see {@link #record}). */
  private final ConcurrentHashMap<ProductKey, Ledger> ledgers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SaleFigures> bySale = new ConcurrentHashMap<>();
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

  /**
   * Records the ledger's latest value (the primary's, after an operation), and moves its sale's figures by the
   * difference from the one recorded before. Both change under the map's lock for the product, so a sale's
   * figures are always the sum of the ledgers recorded here.
   */
  public void record(ProductKey product, Ledger ledger) {
    ledgers.compute(product, (key, previous) -> {
      figures(ledger.saleId()).replace(previous, ledger);
      return ledger;
    });
  }

  private void forget(ProductKey product) {
    ledgers.computeIfPresent(product, (key, previous) -> {
      figures(previous.saleId()).replace(previous, null);
      return null;
    });
  }

  private SaleFigures figures(String saleId) {
    return bySale.computeIfAbsent(saleId, sale -> new SaleFigures());
  }

  /** The sale's figures over the ledgers recorded here, handed to {@code reader}; O(1). */
  public <T> T read(String saleId, FiguresReader<T> reader) {
    SaleFigures figures = bySale.get(saleId);
    return (figures != null ? figures : new SaleFigures()).read(reader);
  }

  /** What reads a sale's figures: orders and units by status, and the confirmed orders' amount per currency. */
  @FunctionalInterface
  public interface FiguresReader<T> {
    T read(long pendingOrders, long confirmedOrders, long cancelledOrders, long pendingUnits, long confirmedUnits,
        long cancelledUnits, SortedMap<String, BigDecimal> revenue);
  }

  /** One sale's figures, moved by each recorded ledger's difference; read and changed under its own lock. */
  private static final class SaleFigures {
    private long pendingOrders;
    private long confirmedOrders;
    private long cancelledOrders;
    private long pendingUnits;
    private long confirmedUnits;
    private long cancelledUnits;
    private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();

    synchronized void replace(Ledger before, Ledger after) {
      // Most changes leave the revenue as it was (only a payment moves it): then only the counts move.
      boolean sameRevenue = before != null && after != null
          && Objects.equals(before.counts().currency(), after.counts().currency())
          && before.counts().revenue().equals(after.counts().revenue());
      if (before != null) {
        add(before, -1, !sameRevenue);
      }
      if (after != null) {
        add(after, 1, !sameRevenue);
      }
    }

    private void add(Ledger ledger, int sign, boolean withRevenue) {
      OrderCounts counts = ledger.counts();
      pendingOrders += sign * counts.pending();
      confirmedOrders += sign * counts.confirmed();
      cancelledOrders += sign * counts.cancelled();
      pendingUnits += sign * ledger.pending();
      confirmedUnits += sign * ledger.confirmed();
      cancelledUnits += sign * counts.cancelledUnits();
      if (withRevenue && counts.currency() != null) {
        revenue.merge(counts.currency(), sign < 0 ? counts.revenue().negate() : counts.revenue(), BigDecimal::add);
      }
    }

    synchronized <T> T read(FiguresReader<T> reader) {
      return reader.read(pendingOrders, confirmedOrders, cancelledOrders, pendingUnits, confirmedUnits,
          cancelledUnits, new TreeMap<>(revenue));
    }
  }

  /** Whether every ledger this member owns now is here, at its latest value. */
  public boolean complete() {
    Coverage covered = coverage;
    return covered != null && covered.membershipChanges() == membershipChanges.get()
        && covered.ownedPartitions().equals(OwnedPartitions.of(member));
  }

  /**
   * Starts a read of every ledger, unless one is running (then null): forgets them all (their figures with them),
   * and the caller then has each
   * local ledger recorded by an operation on its partition ({@link RecordLedger}), so that the read never records an
   * older value over a newer one. Pass what it returns to {@link #read}.
   */
  public Object reading() {
    if (!reading.compareAndSet(false, true)) {
      return null;
    }
    coverage = null;
    Coverage before = new Coverage(OwnedPartitions.of(member), membershipChanges.get());
    ledgers.keySet().forEach(this::forget);
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
