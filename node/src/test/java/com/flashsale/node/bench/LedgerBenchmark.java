package com.flashsale.node.bench;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.processors.PlaceOrder;
import com.flashsale.node.processors.SettleOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one placement and one payment cost on the partition thread, on a product that already has
 * {@code pendingOrders} unpaid orders: the ledger is persistent and keyed, so the cost grows with log n, and a
 * product with 50,000 PENDING orders takes orders about as fast as an empty one (the "full speed").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LedgerBenchmark {

  private static final ProductKey PRODUCT = new ProductKey("bench", "p1");

  @Param({"0", "50000"})
  public int pendingOrders;

  private Ledger ledger;
  private long nextOrderId;

  @Setup(Level.Iteration)
  public void fillTheProduct() {
    Instant now = Instant.now();
    ledger = Ledger.initial("bench", 10_000_000, now.minusSeconds(60), now.plusSeconds(3600));
    for (int i = 0; i < pendingOrders; i++) {
      ledger = ledger.apply(LedgerChange.of(Order.placed(i + 1, PRODUCT, "user-" + i, 1, new BigDecimal("19.99"), "EUR",
          300, now, null, null)));
    }
    nextOrderId = 1_000_000_000L;
  }

  @Benchmark
  public Placement placeAnOrder() {
    long orderId = nextOrderId++;
    Map.Entry<ProductKey, Ledger> entry = new AbstractMap.SimpleEntry<>(PRODUCT, ledger);
    Placement placement = new PlaceOrder(orderId, "buyer-" + orderId, 1, 1, 300, new BigDecimal("19.99"), "EUR", null,
        null, null).process(entry);
    ledger = entry.getValue();
    return placement;
  }

  @Benchmark
  public Object placeThenPay() {
    long orderId = nextOrderId++;
    Map.Entry<ProductKey, Ledger> entry = new AbstractMap.SimpleEntry<>(PRODUCT, ledger);
    new PlaceOrder(orderId, "buyer-" + orderId, 1, 1, 300, new BigDecimal("19.99"), "EUR", null, null, null).process(entry);
    Object paid = new SettleOrder(orderId, SettleOrder.Action.PAYMENT_SUCCEEDED, "pay").process(entry);
    ledger = entry.getValue();
    return paid;
  }
}
