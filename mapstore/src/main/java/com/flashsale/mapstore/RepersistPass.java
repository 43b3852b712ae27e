package com.flashsale.mapstore;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Periodic;
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
 */
public final class RepersistPass implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RepersistPass.class);

  private final HazelcastInstance member;
  private final Clock clock;
  private final AtomicLong rewritten = new AtomicLong();
  private final Map<String, Map<Object, Long>> behindLastPass = new HashMap<>();
  private long ordersChangedSince;
  private Periodic schedule;

  public RepersistPass(HazelcastInstance member, Clock clock) {
    this.member = member;
    this.clock = clock;
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

  /** One pass over this member's entries; returns how many rows it rewrote. */
  public synchronized int runOnce() {
    Repersist repersist = Persistence.of(member).repersist();
    long startedAt = clock.millis();
    int written = 0;
    IMap<String, Sale> sales = member.getMap(MapNames.SALES);
    written += pass(MapNames.SALES, local(sales), Sale::version, repersist::saleVersions,
        behind -> repersist.sales(behind.values()).rewritten());
    IMap<ProductKey, Stock> stock = member.getMap(MapNames.STOCK);
    written += pass(MapNames.STOCK, local(stock), Stock::version, repersist::stockVersions,
        behind -> repersist.stock(behind).rewritten());
    IMap<HoldingKey, Holding> holdings = member.getMap(MapNames.HOLDINGS);
    written += pass(MapNames.HOLDINGS, local(holdings), Holding::version, repersist::holdingVersions,
        behind -> repersist.holdings(behind).rewritten());
    IMap<Long, Order> orders = member.getMap(MapNames.ORDERS);
    long since = ordersChangedSince;
    Map<Object, Long> candidates = behindLastPass.getOrDefault(MapNames.ORDERS, Map.of());
    Set<Long> recent = new HashSet<>(orders.localKeySet(Predicates.greaterEqual("updatedAt", since)));
    candidates.keySet().forEach(id -> recent.add((Long) id));
    Map<Long, Order> recentOrders = orders.getAll(recent);
    written += pass(MapNames.ORDERS, recentOrders, Order::version, repersist::orderVersions,
        behind -> repersist.orders(behind.values()).rewritten());
    // Orders changed before this pass started need no second look unless they were found behind (those
    // stay candidates until written or caught up). A minute of overlap covers members' clocks.
    ordersChangedSince = startedAt - TimeUnit.MINUTES.toMillis(1);
    rewritten.addAndGet(written);
    return written;
  }

  private static <K, V> Map<K, V> local(IMap<K, V> map) {
    return map.getAll(map.localKeySet());
  }

  /**
   * Finds the entries behind PostgreSQL now, rewrites those that were already behind last pass at a version
   * no newer than now, and remembers the rest for the next pass.
   */
  @SuppressWarnings("unchecked")
  private <K, V> int pass(String map, Map<K, V> entries, ToLongFunction<V> version,
      Function<Set<K>, Map<K, Long>> storedVersions, Function<Map<K, V>, Integer> rewrite) {
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
  }
}
