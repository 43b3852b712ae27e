package com.flashsale.node.bench;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.TakeUnits;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the two entry processors every placement runs on the product's partition thread: the
 * allowance check and the stock take. {@code pendingHolds} is how many unpaid orders the product already
 * holds: the stock value carries one hold per unpaid order, and copying it is what a take pays for.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EntryProcessorBenchmark {

  @Param({"0", "100", "1000"})
  public int pendingHolds;

  private static final ProductKey PRODUCT = new ProductKey("bench", "p1");
  private static final HoldingKey HOLDING = new HoldingKey("bench", "p1", "user-1");
  private Stock stock;
  private long nextOrderId;
  private final long now = Instant.now().toEpochMilli();

  @Setup
  public void fillStock() {
    Stock filled = Stock.initial(1_000_000, Instant.ofEpochMilli(now - 60_000), Instant.ofEpochMilli(now + 3_600_000));
    for (int i = 0; i < pendingHolds; i++) {
      filled = filled.take(-1 - i, "holder-" + i, 1, now + 300_000);
    }
    stock = filled;
  }

  @Benchmark
  public Object takeUnits() {
    Map.Entry<ProductKey, Stock> entry = new AbstractMap.SimpleEntry<>(PRODUCT, stock);
    return new TakeUnits(++nextOrderId, "buyer", 1, now + 300_000, now).process(entry);
  }

  @Benchmark
  public Object reserveAllowance() {
    Map.Entry<HoldingKey, Holding> entry = new AbstractMap.SimpleEntry<>(HOLDING, null);
    return new ReserveAllowance(++nextOrderId, 1, 3, now).process(entry);
  }
}
