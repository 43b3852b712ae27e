package com.flashsale.node.bench;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.processors.TakeUnits;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.test.Accessors;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compact serialization of what crosses the wire or lands in BINARY maps on the order path: the order, the
 * stock value and the take processor. Uses a real member's serialization service, as production does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBenchmark {

  private TestHazelcastFactory factory;
  private InternalSerializationService serialization;
  private Order order;
  private Stock stock;
  private TakeUnits take;
  private Data orderData;
  private Data stockData;

  @Setup(Level.Trial)
  public void startMember() {
    factory = new TestHazelcastFactory();
    serialization = Accessors.getSerializationService(factory.newHazelcastInstance(GridConfig.base(Settings.defaults())));
    Instant now = Instant.now();
    Sale sale = Sale.create("bench", "Bench", now.minusSeconds(60), now.plusSeconds(3600), 3, 300,
        List.of(new Product("p1", "Product", null, new BigDecimal("19.99"), "EUR", 1000)));
    order = Order.placed(1176466301393043457L, sale, sale.products().get("p1"), "user-123456", 2, now);
    stock = Stock.initial(1000, now.minusSeconds(60), now.plusSeconds(3600)).take(1, "user-1", 2, now.toEpochMilli());
    take = new TakeUnits(2, "user-2", 1, now.toEpochMilli() + 300_000, now.toEpochMilli());
    orderData = serialization.toData(order);
    stockData = serialization.toData(stock);
  }

  @TearDown(Level.Trial)
  public void stopMember() {
    factory.terminateAll();
  }

  @Benchmark
  public Data writeOrder() {
    return serialization.toData(order);
  }

  @Benchmark
  public Object readOrder() {
    return serialization.toObject(orderData);
  }

  @Benchmark
  public Data writeStock() {
    return serialization.toData(stock);
  }

  @Benchmark
  public Object readStock() {
    return serialization.toObject(stockData);
  }

  @Benchmark
  public Data writeTakeUnits() {
    return serialization.toData(take);
  }
}
