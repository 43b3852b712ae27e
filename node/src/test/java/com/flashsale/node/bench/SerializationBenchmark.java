package com.flashsale.node.bench;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.processors.PlaceOrder;
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
 * change a ledger's backup receives, the placement processor, and a whole ledger of 1,000 orders (what a
 * migration or a read of the whole value costs). Uses a real member's serialization service, as production does.
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
  private Ledger ledger;
  private LedgerChange change;
  private PlaceOrder place;
  private Data orderData;
  private Data ledgerData;

  @Setup(Level.Trial)
  public void startMember() {
    factory = new TestHazelcastFactory();
    serialization = Accessors.getSerializationService(factory.newHazelcastInstance(GridConfig.base(Settings.defaults())));
    Instant now = Instant.now();
    Sale sale = Sale.create("bench", "Bench", now.minusSeconds(60), now.plusSeconds(3600), 3, 300,
        List.of(new Product("p1", "Product", null, new BigDecimal("19.99"), "EUR", 1000)));
    order = Order.placed(1176466301393043457L, sale, sale.products().get("p1"), "user-123456", 2, now);
    ledger = Ledger.initial("bench", 1000, now.minusSeconds(60), now.plusSeconds(3600));
    for (int i = 0; i < 1000; i++) {
      ledger = ledger.apply(LedgerChange.of(Order.placed(i + 1, new ProductKey("bench", "p1"), "user-" + i, 1,
          new BigDecimal("19.99"), "EUR", 300, now, null, null)));
    }
    change = LedgerChange.of(order);
    place = new PlaceOrder(2, "user-2", 1, 1, 300, new BigDecimal("19.99"), "EUR", null, null, null);
    orderData = serialization.toData(order);
    ledgerData = serialization.toData(ledger);
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
  public Data writeLedgerChange() {
    return serialization.toData(change);
  }

  @Benchmark
  public Data writePlaceOrder() {
    return serialization.toData(place);
  }

  @Benchmark
  public Data writeLedgerOfAThousandOrders() {
    return serialization.toData(ledger);
  }

  @Benchmark
  public Object readLedgerOfAThousandOrders() {
    return serialization.toObject(ledgerData);
  }
}
