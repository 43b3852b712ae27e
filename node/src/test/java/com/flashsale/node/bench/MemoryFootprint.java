package com.flashsale.node.bench;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Grid memory per order: one member (no backups to count) holds {@code count} orders of 10 products with a limit
 * of 1, in their ledgers (OBJECT format), the grid's only copy of an order. Measured as the heap a full GC leaves,
 * before and after, since Hazelcast's own cost estimate does not see inside OBJECT values. The orders are
 * CONFIRMED (instant confirmation), or with {@code PENDING} as the second argument unpaid in a 300 s payment
 * window, as in a drop: each then also sits in its ledger's expiry index. Every order's id also sits under its
 * buyer in the ledger. Prints one tab-separated line;
 * {@code scripts/bench.sh} runs both, with the member's collector and object layout (scripts/lib/java.sh): they
 * decide the size of every reference and object header, so a run on the JVM's default collector (G1, compressed
 * pointers) measures about a fifth less than a member holds.
 */
public final class MemoryFootprint {

  private static final int PRODUCTS = 10;
  private static final int PAYMENT_WINDOW_SECONDS = 300;

  private MemoryFootprint() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean pending = args.length > 1 && args[1].equals("PENDING");
    // The file's configuration (maps, formats, indexes) without the stores: memory, not PostgreSQL, is measured.
    Config config = GridConfig.base(Settings.defaults()).setClusterName("footprint-" + System.nanoTime())
        .setProperty("hazelcast.wait.seconds.before.join", "0");
    config.getNetworkConfig().setPort(6901).getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    try {
      IMap<ProductKey, Ledger> ledgers = member.getMap(MapNames.LEDGERS);
      long before = heapAfterGc();
      fill(ledgers, count, pending ? PAYMENT_WINDOW_SECONDS : 0);
      long after = heapAfterGc();
      System.out.printf("orders\t%d\theap_bytes\t%d\tbytes_per_%s_order\t%.1f%n",
          count, after - before, pending ? "pending" : "confirmed", (after - before) / (double) count);
    } finally {
      member.shutdown();
    }
  }

  private static void fill(IMap<ProductKey, Ledger> ledgers, int count, int paymentWindowSeconds) {
    Instant now = Instant.now();
    int perProduct = count / PRODUCTS;
    for (int p = 0; p < PRODUCTS; p++) {
      ProductKey product = new ProductKey("footprint", "p" + p);
      List<Order> placed = new ArrayList<>(perProduct);
      for (int i = 0; i < perProduct; i++) {
        long orderId = 1_176_466_301_393_043_457L + (long) p * perProduct + i;
        Order order = Order.placed(orderId, product, "user-" + i, 1, new BigDecimal("19.99"), "EUR",
            paymentWindowSeconds, now, null, null)
            .withVersion(2);
        placed.add(order);
      }
      ledgers.set(product, Ledger.of(product.saleId(), perProduct, now.minusSeconds(60).toEpochMilli(),
          now.plusSeconds(3600).toEpochMilli(), 2, placed));
    }
  }

  private static long heapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
