package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.jet.OrderMove;
import com.flashsale.node.jet.PlacementEvent;
import com.flashsale.node.jet.SaleStats;
import com.flashsale.node.processors.AllowanceResult;
import com.flashsale.node.processors.CancelOrder;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.ConfirmPayment;
import com.flashsale.node.processors.ConfirmUnits;
import com.flashsale.node.processors.CreateOrder;
import com.flashsale.node.processors.EndSale;
import com.flashsale.node.processors.ExpireOrder;
import com.flashsale.node.processors.ExtendHold;
import com.flashsale.node.processors.FenceSettlement;
import com.flashsale.node.processors.FailPayment;
import com.flashsale.node.processors.ForgetIdempotencyKey;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.ReleaseAllowance;
import com.flashsale.node.processors.ReleaseUnits;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.SetValue;
import com.flashsale.node.processors.Settled;
import com.flashsale.node.processors.SettleMergeFence;
import com.flashsale.node.processors.TakeResult;
import com.flashsale.node.processors.TakeUnits;
import com.flashsale.node.processors.VoidOrder;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.CompactSerializationConfigAccessor;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.test.Accessors;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Compact serializer through a member's real serialization service: what one writes the other reads
 * back field for field, so a field name or a field order mistyped between read and write cannot pass.
 */
class GridSerializationTest {

  private static final Instant T = Instant.parse("2026-11-21T10:30:00.123Z");

  private static TestHazelcastFactory factory;
  private static InternalSerializationService serialization;

  @BeforeAll
  static void startOneMember() {
    factory = new TestHazelcastFactory();
    serialization = Accessors.getSerializationService(factory.newHazelcastInstance(GridConfig.base(Settings.defaults())));
  }

  @AfterAll
  static void stopIt() {
    factory.terminateAll();
  }

  static Stream<Object> everySerializedType() {
    Product described = new Product("p1", "Phone", "A phone", new BigDecimal("199.99"), "EUR", 10);
    Product plain = new Product("p2", "Case", null, new BigDecimal("5"), "USD", 3);
    Sale open = Sale.create("s1", "Sale", T, T.plusSeconds(3600), 2, 300, List.of(described, plain));
    Sale ended = open.endedAt(T.plusSeconds(60));
    Stock stock = Stock.initial(10, T, T.plusSeconds(3600)).take(1, "u1", 2, 111).take(2, "u2", 1, 222).confirm(2);
    Order pending = Order.placed(42, open, described, "u1", 2, T);
    Order confirmed = pending.confirmed("pay-1", T.plusSeconds(5));
    Order cancelled = pending.cancelled(CancelReason.PAYMENT_FAILED, "pay-2", T.plusSeconds(6));
    Order voided = Order.voided(43, T);
    Holding holding = Holding.empty().reserve(1, 2, 10).reserve(2, 1, 20);
    IdempotencyRecord record = new IdempotencyRecord("s1\np1\nu1\n2", 42, 1234);
    return Stream.of(
        new ProductKey("s1", "p1"), new HoldingKey("s1", "p1", "u1"), described, plain, open, ended,
        new Hold(7, "u1", 3, 999), stock, Stock.initial(0, T, T.plusSeconds(1)), new HeldOrder(7, 3, 555), holding,
        Holding.empty(), pending, confirmed, cancelled, voided, record,
        new SetValue<>(stock), new SetValue<>(holding), new SetValue<>(pending), new SetValue<>(record),
        new SetValue<>(open), new SetValue<>(null),
        AllowanceResult.reservedWithin(3, 2), AllowanceResult.limitExceeded(3, 3),
        Settled.MOVED, Settled.NOTHING_HELD, new TakeResult(TakeResult.Outcome.INSUFFICIENT_STOCK, 2, SaleStatus.ACTIVE),
        new TakeResult(TakeResult.Outcome.NO_SUCH_PRODUCT, 0, null),
        OrderChange.of(OrderChange.Outcome.APPLIED, confirmed), OrderChange.of(OrderChange.Outcome.NOT_FOUND, null),
        new ReserveAllowance(42, 2, 3, 1000), new ReleaseAllowance(42), new TakeUnits(42, "u1", 2, 5000, 1000),
        new ConfirmUnits(42), new ReleaseUnits(42), new ExtendHold(42, 8888), new CloseSaleWindow(7777), new CreateOrder(pending),
        new VoidOrder(8888), new ConfirmPayment("pay-1", 1001), new FailPayment("pay-2", 1002), new CancelOrder(1003),
        new ExpireOrder(1004), new ClaimIdempotencyKey(record), new ForgetIdempotencyKey(42), new EndSale(1005),
        new SettleMergeFence(9, 4, List.of(42L, 43L), List.of(new Hold(44, "u3", 2, 1009))),
        new SettleMergeFence(1, 0, List.of(), List.of()), FenceSettlement.settled(3),
        FenceSettlement.of(FenceSettlement.Outcome.VERSION_MOVED), Hold.mergeFence(5),
        new OrderMove("s1", null, OrderStatus.PENDING, 2, new BigDecimal("399.98"), "EUR", 1009),
        new OrderMove("s1", OrderStatus.PENDING, null, 1, new BigDecimal("5"), "USD", 0),
        PlacementEvent.rejected("s1", "p1", "SOLD_OUT", 1006), PlacementEvent.lastUnitTaken("s1", "p1", 1007),
        saleStats());
  }

  private static SaleStats saleStats() {
    return new SaleStats("s1", 1008, Map.of("PENDING", 2L, "CONFIRMED", 1L, "CANCELLED", 0L),
        Map.of("PENDING", 4L, "CONFIRMED", 2L, "CANCELLED", 0L), Map.of("EUR", new BigDecimal("399.98")),
        Map.of("SOLD_OUT", 7L), new TreeMap<>(Map.of(1_700_000_000L, 3L, 1_700_000_001L, 5L)), new TreeMap<>(),
        Map.of("p1", 1007L));
  }

  @ParameterizedTest
  @MethodSource("everySerializedType")
  void every_value_reads_back_exactly_as_it_was_written(Object value) {
    Data data = serialization.toData(value);
    Object copy = serialization.toObject(data);

    assertThat(data.isCompact()).as("%s is serialized with Compact", value.getClass().getSimpleName()).isTrue();
    assertThat(copy).isInstanceOf(value.getClass());
    assertThat(copy).usingRecursiveComparison().isEqualTo(value);
    Data again = serialization.toData(copy);
    assertThat((Object) again).isEqualTo(data);
  }

  @Test
  void every_registered_serializer_is_exercised_above() {
    List<Class<?>> exercised = everySerializedType().<Class<?>>map(Object::getClass).distinct().toList();
    SerializationConfig config = GridSerialization.register(new SerializationConfig());
    List<Class<?>> registered = CompactSerializationConfigAccessor.getRegistrations(config.getCompactSerializationConfig())
        .values().stream().<Class<?>>map(registration -> registration.element1).toList();

    assertThat(exercised).containsAll(registered);
  }
}
