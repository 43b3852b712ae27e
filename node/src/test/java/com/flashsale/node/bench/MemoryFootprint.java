package com.flashsale.node.bench;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid memory per confirmed order, measured: one member holds {@code count} CONFIRMED orders spread over
 * 10,000 products and as many users, with the holdings that count them against the per-user limit, and
 * reports what the orders and holdings maps cost per order (Hazelcast's own accounting of owned entries,
 * BINARY format, no backups on a single member). Run by scripts/bench.sh; prints one TSV line.
 */
public final class MemoryFootprint {

  private MemoryFootprint() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    // The file's configuration (maps, formats, indexes) without the stores: memory, not PostgreSQL, is measured.
    Config config = GridConfig.base(Settings.defaults()).setClusterName("footprint-" + System.nanoTime())
        .setProperty("hazelcast.wait.seconds.before.join", "0");
    config.getNetworkConfig().setPort(6901).getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    try {
      IMap<Long, Order> orders = member.getMap(MapNames.ORDERS);
      IMap<HoldingKey, Holding> holdings = member.getMap(MapNames.HOLDINGS);
      fill(orders, holdings, count);
      long orderBytes = orders.getLocalMapStats().getOwnedEntryMemoryCost();
      long holdingBytes = holdings.getLocalMapStats().getOwnedEntryMemoryCost();
      System.out.printf("orders\t%d\torders_map_bytes\t%d\tholdings_map_bytes\t%d\tbytes_per_confirmed_order\t%.1f%n",
          count, orderBytes, holdingBytes, (orderBytes + holdingBytes) / (double) count);
    } finally {
      member.shutdown();
    }
  }

  private static void fill(IMap<Long, Order> orders, IMap<HoldingKey, Holding> holdings, int count) {
    Instant now = Instant.now();
    Sale sale = Sale.create("footprint", "Footprint", now.minusSeconds(60), now.plusSeconds(3600), 5, 0,
        List.of(new Product("p0", "Product", null, new BigDecimal("19.99"), "EUR", count)));
    Product product = sale.products().get("p0");
    Map<Long, Order> orderBatch = new HashMap<>();
    Map<HoldingKey, Holding> holdingBatch = new HashMap<>();
    for (int i = 0; i < count; i++) {
      long orderId = 1_176_466_301_393_043_457L + i;
      String userId = "user-" + i;
      String productId = "product-" + (i % 10_000);
      Order order = Order.placed(orderId, sale, product, userId, 1, now);
      orderBatch.put(orderId, new Order(orderId, sale.saleId(), productId, userId, 1, order.unitPrice(),
          order.currency(), OrderStatus.CONFIRMED, null, now, now, null, "pay-" + i, 2));
      holdingBatch.put(new HoldingKey(sale.saleId(), productId, userId),
          new Holding(List.of(new HeldOrder(orderId, 1, now.toEpochMilli())), 1));
      if (orderBatch.size() == 10_000) {
        orders.putAll(orderBatch);
        holdings.putAll(holdingBatch);
        orderBatch.clear();
        holdingBatch.clear();
      }
    }
    orders.putAll(orderBatch);
    holdings.putAll(holdingBatch);
  }
}
