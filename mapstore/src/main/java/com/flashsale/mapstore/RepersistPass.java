package com.flashsale.mapstore;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Periodic;
import com.flashsale.node.service.GridReads;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the gap write-behind leaves: on every member, over the entries that member owns, it finds those
 * whose grid version is newer than their PostgreSQL row (or that have no row) and writes them again.
 *
 * <p>An entry changed a moment ago is behind PostgreSQL by design: it waits in the write-behind queue. So
 * an entry is rewritten only when it was behind on the previous pass too, at a version not newer than
 * now: a whole interval (many write delays) later it is no longer queued, its write was lost (a backup
 * dropped its queue during a long outage, or its member died). Each member checks the partitions it owns,
 * so after a member dies the members that take its partitions check them. A pass that cannot reach
 * PostgreSQL changes nothing and the next one tries again; the upserts are version-guarded, so racing
 * with write-behind can never put an older state back.
 *
 * <p>What a pass reads. Orders: those changed since the previous pass began, plus the previous pass's
 * candidates (the entries it found behind). Sales, stock and holdings grow with the sale and its users, so they
 * are read in full only when a write can have been lost since the last full read ({@link FullScanSchedule}: at
 * start, after a member left, after partitions migrated, after a pass that failed, and at least every
 * {@link #FULL_SCAN_AT_LEAST_EVERY} as a safety net); every other pass reads only the previous pass's candidates.
 * One full read per trigger is enough: the pass after it, reading only its candidates, rewrites exactly what a
 * second full read would, since an entry is rewritten only when the previous pass found it behind and every entry
 * the full read found behind is a candidate. Candidates are read wherever they live now, so one whose partition
 * moved to another member is still decided here. Reads are grouped by partition ({@link GridReads}), so a pass
 * costs what it reads.
 */
public final class RepersistPass implements AutoCloseable {

  /** Often enough that a loss no trigger foresaw is repaired within minutes; rarely enough to cost little. */
  static final Duration FULL_SCAN_AT_LEAST_EVERY = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(RepersistPass.class);

  private final HazelcastInstance member;
  private final Clock clock;
  private final FullScanSchedule fullScans = new FullScanSchedule(FULL_SCAN_AT_LEAST_EVERY);
  private final UUID membershipRegistration;
  private final UUID migrationRegistration;
  private final AtomicLong rewritten = new AtomicLong();
  private final Map<String, Map<Object, Long>> behindLastPass = new HashMap<>();
  private long ordersChangedSince;
  private int checkedThisPass;
  private volatile int lastPassChecked;
  private Periodic schedule;

  public RepersistPass(HazelcastInstance member, Clock clock) {
    this.member = member;
    this.clock = clock;
    this.membershipRegistration = member.getCluster().addMembershipListener(fullScans);
    this.migrationRegistration = member.getPartitionService().addMigrationListener(fullScans);
  }

  public RepersistPass every(Duration interval) {
    // A pass that cannot reach PostgreSQL changes nothing; the next one tries again.
    schedule = Periodic.every(interval, "repersist", this::runOnce, LOG);
    return this;
  }

  /** Rows rewritten since start: each one a write that write-behind had lost. */
  public long rewritten() {
    return rewritten.get();
  }

  /**
   * Entries whose PostgreSQL version the last completed pass asked for: every entry this member owns after a
   * trigger, otherwise the recent orders and the previous pass's candidates.
   */
  public int lastPassChecked() {
    return lastPassChecked;
  }

  /** One pass over this member's entries; returns how many rows it rewrote. */
  public synchronized int runOnce() {
    long startedAt = clock.millis();
    boolean full = fullScans.beginPass(startedAt);
    try {
      return runOnce(full, startedAt);
    } catch (RuntimeException failed) {
      fullScans.passFailed();
      throw failed;
    }
  }

  private int runOnce(boolean full, long startedAt) {
    Repersist repersist = Persistence.of(member).repersist();
    checkedThisPass = 0;
    int written = 0;
    IMap<String, Sale> sales = member.getMap(MapNames.SALES);
    written += pass(MapNames.SALES, toCheck(MapNames.SALES, sales, ownedIf(full, sales)), Sale::version,
        repersist::saleVersions, behind -> repersist.sales(behind.values()).rewritten());
    IMap<ProductKey, Stock> stock = member.getMap(MapNames.STOCK);
    written += pass(MapNames.STOCK, toCheck(MapNames.STOCK, stock, ownedIf(full, stock)), Stock::version,
        repersist::stockVersions, behind -> repersist.stock(behind).rewritten());
    IMap<HoldingKey, Holding> holdings = member.getMap(MapNames.HOLDINGS);
    written += pass(MapNames.HOLDINGS, toCheck(MapNames.HOLDINGS, holdings, ownedIf(full, holdings)),
        Holding::version, repersist::holdingVersions, behind -> repersist.holdings(behind).rewritten());
    IMap<Long, Order> orders = member.getMap(MapNames.ORDERS);
    Set<Long> recent = orders.localKeySet(Predicates.greaterEqual("updatedAt", ordersChangedSince));
    written += pass(MapNames.ORDERS, toCheck(MapNames.ORDERS, orders, recent), Order::version,
        repersist::orderVersions, behind -> repersist.orders(behind.values()).rewritten());
    // Orders changed before this pass started need no second look unless they were found behind (those
    // stay candidates until written or caught up). A minute of overlap covers members' clocks.
    ordersChangedSince = startedAt - TimeUnit.MINUTES.toMillis(1);
    lastPassChecked = checkedThisPass;
    rewritten.addAndGet(written);
    return written;
  }

  /** Every key this member owns on a full pass; none otherwise. */
  private static <K> Set<K> ownedIf(boolean full, IMap<K, ?> map) {
    return full ? map.localKeySet() : Set.of();
  }

  /** The entries of {@code keys} and of the previous pass's candidates, wherever those live now. */
  @SuppressWarnings("unchecked")
  private <K, V> Map<K, V> toCheck(String mapName, IMap<K, V> map, Set<K> keys) {
    Set<K> wanted = new HashSet<>(keys);
    behindLastPass.getOrDefault(mapName, Map.of()).keySet().forEach(key -> wanted.add((K) key));
    return GridReads.getAll(member, map, wanted);
  }

  /**
   * Finds the entries behind PostgreSQL now, rewrites those that were already behind last pass at a version
   * no newer than now, and remembers the rest for the next pass.
   */
  @SuppressWarnings("unchecked")
  private <K, V> int pass(String map, Map<K, V> entries, ToLongFunction<V> version,
      Function<Set<K>, Map<K, Long>> storedVersions, Function<Map<K, V>, Integer> rewrite) {
    checkedThisPass += entries.size();
    Map<K, Long> stored = storedVersions.apply(entries.keySet());
    Map<Object, Long> previously = behindLastPass.getOrDefault(map, Map.of());
    Map<Object, Long> behindNow = new HashMap<>();
    Map<K, V> confirmedLost = new LinkedHashMap<>();
    entries.forEach((key, value) -> {
      long gridVersion = version.applyAsLong(value);
      Long storedVersion = stored.get(key);
      if (storedVersion != null && storedVersion >= gridVersion) {
        return;
      }
      Long seenBefore = previously.get(key);
      if (seenBefore != null && seenBefore <= gridVersion && (storedVersion == null || storedVersion < seenBefore)) {
        confirmedLost.put(key, value);
      } else {
        behindNow.put(key, gridVersion);
      }
    });
    behindLastPass.put(map, behindNow);
    if (confirmedLost.isEmpty()) {
      return 0;
    }
    int written = rewrite.apply(confirmedLost);
    LOG.warn("Re-persisted {} {} row(s) that write-behind never wrote (e.g. {})", written, map,
        confirmedLost.keySet().iterator().next());
    return written;
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.close();
    }
    if (member.getLifecycleService().isRunning()) {
      member.getCluster().removeMembershipListener(membershipRegistration);
      member.getPartitionService().removeMigrationListener(migrationRegistration);
    }
  }
}
