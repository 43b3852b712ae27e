package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleSums;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's latest value of each ledger it owns, and each sale's figures summed over them: what the statistics
 * ticker reads each second (a few numbers per sale) instead of scanning the ledgers map, where iterating the
 * partitions' records cost three times the sums. The ledger operations keep it on the primary, in the step that
 * changes a ledger ({@link LedgerOperation}): a sale's figures move by the difference between the ledger recorded
 * before and the one recorded now, so the work follows the changes, not the size of the sale. A ledger is an
 * immutable value, so holding the latest one costs a reference, not a copy. It also knows which products have a
 * live waiting room: the room keeper steps those ({@link #roomsDue}) instead of reading every ledger.
 *
 * <p>It is complete only while this member owns the partitions it owned when it last read all its ledgers
 * ({@link #reading}) and no member has come or gone since: ledgers arrive by migration, promotion or merge without
 * an operation, and ledgers that left stay here until the next read. {@link #completeElseReadAgain} says so and,
 * when it is not, has the ledgers read again; the caller reads the map instead meanwhile.
 */
public final class LatestLedgers {

  private static final Logger LOG = LoggerFactory.getLogger(LatestLedgers.class);

  private final Ownership ownership;
  /** The latest ledger of each product; a sale's figures always sum exactly the ledgers here (see {@link #record}). */
  private final ConcurrentHashMap<ProductKey, Ledger> ledgers = new ConcurrentHashMap<>();
  /** The products among them whose waiting room holds a live ticket: what the room keeper steps. */
  private final Set<ProductKey> liveRooms = ConcurrentHashMap.newKeySet();
  /** Each sale's figures over the ledgers here; a {@link SaleSums} is read and changed under its own lock. */
  private final ConcurrentHashMap<String, SaleSums> bySale = new ConcurrentHashMap<>();
  private final AtomicBoolean reading = new AtomicBoolean();
  /** What the last complete read covered; null before the first and while one runs. */
  private volatile Ownership.Snapshot coverage;

  LatestLedgers(Ownership ownership) {
    this.ownership = ownership;
  }

  /**
   * Records the ledger's latest value (the primary's, after an operation), and moves its sale's figures by the
   * difference from the one recorded before. Both change under the map's lock for the product, so a sale's
   * figures are always the sum of the ledgers recorded here.
   */
  public void record(ProductKey product, Ledger ledger) {
    ledgers.compute(product, (key, previous) -> {
      replace(figures(ledger.saleId()), previous, ledger);
      // A product is in liveRooms exactly while its recorded ledger has a live room: most records touch neither.
      if (ledger.hasLiveRoom()) {
        liveRooms.add(key);
      } else if (previous != null && previous.hasLiveRoom()) {
        liveRooms.remove(key);
      }
      return ledger;
    });
  }

  private void forget(ProductKey product) {
    ledgers.computeIfPresent(product, (key, previous) -> {
      replace(figures(previous.saleId()), previous, null);
      liveRooms.remove(key);
      return null;
    });
  }

  private SaleSums figures(String saleId) {
    return bySale.computeIfAbsent(saleId, sale -> new SaleSums());
  }

  /** Moves a sale's figures from one value of a ledger to the next (null: none); only a payment moves the revenue. */
  private static void replace(SaleSums figures, Ledger before, Ledger after) {
    boolean sameRevenue = before != null && after != null
        && Objects.equals(before.counts().currency(), after.counts().currency())
        && before.counts().revenue().equals(after.counts().revenue());
    synchronized (figures) {
      if (before != null) {
        figures.add(before, -1, !sameRevenue);
      }
      if (after != null) {
        figures.add(after, 1, !sameRevenue);
      }
    }
  }

  /** The sale's figures over the ledgers recorded here, handed to {@code reader}; O(1). */
  public <T> T read(String saleId, SaleSums.Reader<T> reader) {
    SaleSums figures = bySale.get(saleId);
    if (figures == null) {
      return new SaleSums().read(reader);
    }
    synchronized (figures) {
      return figures.read(reader);
    }
  }

  /** The products whose room owes a change at {@code now}, judged on their latest ledgers here; O(live rooms). */
  public List<ProductKey> roomsDue(long now) {
    List<ProductKey> due = new ArrayList<>();
    for (ProductKey product : liveRooms) {
      Ledger ledger = ledgers.get(product);
      if (ledger != null && ledger.roomNeedsAttentionAt(now)) {
        due.add(product);
      }
    }
    return due;
  }

  /**
   * Whether every ledger this member owns now is here, at its latest value. If not, it has every local ledger of
   * {@code map} (the ledgers map) recorded again in the background, and the caller reads the map itself meanwhile.
   */
  public boolean completeElseReadAgain(IMap<ProductKey, Ledger> map) {
    Ownership.Snapshot covered = coverage;
    if (covered != null && covered.equals(ownership.now())) {
      return true;
    }
    readAgain(map);
    return false;
  }

  /** Has every local ledger recorded again, on a virtual thread of its own, unless a read is running. */
  private void readAgain(IMap<ProductKey, Ledger> map) {
    Ownership.Snapshot started = reading();
    if (started == null) {
      return;
    }
    Thread.ofVirtual().name("latest-ledgers-read").start(() -> {
      boolean succeeded = false;
      try {
        Set<ProductKey> local = map.localKeySet();
        if (!local.isEmpty()) {
          map.executeOnKeys(local, new RecordLedger());
        }
        succeeded = true;
      } catch (RuntimeException failed) {
        LOG.debug("Could not read this member's ledgers again; the next reader tries again", failed);
      } finally {
        read(started, succeeded);
      }
    });
  }

  /**
   * Starts a read of every ledger, unless one is running (then null): forgets them all (their figures with them),
   * and the caller then has each local ledger recorded by an operation on its partition ({@link RecordLedger}), so
   * that the read never records an older value over a newer one. Pass what it returns to {@link #read}.
   */
  Ownership.Snapshot reading() {
    if (!reading.compareAndSet(false, true)) {
      return null;
    }
    coverage = null;
    Ownership.Snapshot before = ownership.now();
    ledgers.keySet().forEach(this::forget);
    return before;
  }

  /** Ends a read started by {@link #reading}: complete if it succeeded and the cluster did not change meanwhile. */
  void read(Ownership.Snapshot started, boolean succeeded) {
    if (succeeded && started.equals(ownership.now())) {
      coverage = started;
    }
    reading.set(false);
  }
}
