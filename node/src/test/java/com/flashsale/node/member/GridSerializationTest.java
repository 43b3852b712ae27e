package com.flashsale.node.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.OrderCounts;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Room;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.WaitingRoom;
import com.flashsale.node.processors.AdvanceRoom;
import com.flashsale.node.processors.ApplyLedgerChange;
import com.flashsale.node.processors.JoinRoom;
import com.flashsale.node.processors.ReadTicket;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.EndSale;
import com.flashsale.node.processors.ExpireDue;
import com.flashsale.node.processors.FindOrder;
import com.flashsale.node.processors.OpenLedger;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.PlaceOrder;
import com.flashsale.node.processors.OrdersOfUser;
import com.flashsale.node.ratelimit.TakeToken;
import com.flashsale.node.processors.ReadStock;
import com.flashsale.node.processors.RecordLedger;
import com.flashsale.node.processors.SetValue;
import com.flashsale.node.processors.SettleOrder;

import com.flashsale.node.jet.MemberSums;
import com.flashsale.node.jet.PlacementEvent;
import com.flashsale.node.jet.ReconciliationPipeline;
import com.flashsale.node.jet.RoomEvent;
import com.flashsale.node.jet.RoomStats;
import com.flashsale.node.jet.SaleStats;
import com.flashsale.node.jet.SaleTick;
import com.flashsale.node.jet.SaleTotals;
import com.flashsale.node.jet.SumSaleTotals;
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
import java.util.Set;
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
    Order pending = Order.placed(42, open, described, "u1", 2, T);
    Order confirmed = pending.confirmed("pay-1", T.plusSeconds(5));
    Order cancelled = pending.cancelled(CancelReason.PAYMENT_FAILED, "pay-2", T.plusSeconds(6));
    Order keyed = Order.placed(44, new ProductKey("s1", "p1"), "u2", 1, new BigDecimal("199.99"), "EUR", 0, T, "key-1",
        "s1\np1\nu2\n1");
    Ledger ledger = Ledger.initial("s1", 10, T, T.plusSeconds(3600)).apply(LedgerChange.of(pending))
        .apply(LedgerChange.of(keyed));
    IdempotencyRecord record = new IdempotencyRecord("s1\np1\nu1\n2", 42, 1234);
    Ticket waiting = Ticket.waiting(1, "nonce", "u3", 1, 1000);
    Ticket admitted = Ticket.waiting(2, "nonce2", "u4", 2, 1001).admitted("secret", 2000, 60);
    Sale roomed = open.withWaitingRoom(new WaitingRoom(50, 30));
    Ledger queued = Ledger.initial("s1", 10, T, T.plusSeconds(3600), new WaitingRoom(50, 30))
        .apply(LedgerChange.ofTickets(List.of(waiting, admitted))).apply(LedgerChange.of(keyed));
    Room room = queued.room();
    return Stream.of(
        waiting, admitted, admitted.used(42, 3000), roomed, queued, LedgerChange.of(pending, admitted),
        TicketAnswer.of(TicketAnswer.Outcome.FOUND, room.ticket(1), room, 9), TicketAnswer.limitExceeded(2, 2),
        TicketAnswer.saleNotActive(SaleStatus.ENDED), new JoinRoom("u5", 1, 2, "nonce5"), new AdvanceRoom(),
        new ReadTicket(2, "nonce2"), new PlaceOrder(45, "u4", 2, 2, 300, new BigDecimal("1"), "EUR", null, null, "2.secret"),
        new ProductKey("s1", "p1"), described, plain, open, ended, pending, confirmed, cancelled, keyed, record,
        ledger, Ledger.initial("s1", 0, T, T.plusSeconds(1)), LedgerChange.of(List.of(pending, keyed)),
        LedgerChange.closedAt(77),
        Stock.of(ledger), Placement.created(pending, 7), Placement.saleNotActive(SaleStatus.ENDED),
        Placement.limitExceeded(1, 1), Placement.insufficientStock(2),
        new SetValue<>(pending), new SetValue<>(record), new SetValue<>(open), new SetValue<>(null),
        OrderChange.of(OrderChange.Outcome.APPLIED, confirmed), OrderChange.of(OrderChange.Outcome.NOT_FOUND, null),
        new PlaceOrder(42, "u1", 2, 3, 300, new BigDecimal("199.99"), "EUR", null, null, null),
        new PlaceOrder(44, "u2", 1, 1, 0, new BigDecimal("199.99"), "EUR", "key-1", "hash", null),
        new SettleOrder(42, SettleOrder.Action.PAYMENT_SUCCEEDED, "pay-1"), new SettleOrder(42, SettleOrder.Action.CANCEL, null),
        new ExpireDue(256), new ApplyLedgerChange<>(LedgerChange.of(confirmed)), new ReadStock(),
        new FindOrder(42), new OrdersOfUser("u1"),
        new CloseSaleWindow(7777), new OpenLedger(Ledger.initial("s1", 5, T, T.plusSeconds(60))),
        new ClaimIdempotencyKey(record), new EndSale(1005),
        ledger.counts(), OrderCounts.NONE,
        PlacementEvent.rejected("s1", "p1", "SOLD_OUT", 1006), PlacementEvent.lastUnitTaken("s1", "p1", 1007),
        new SaleTick("s1", 1010, summed(ledger).aggregate().get("s1"), true), SaleTotals.none("s2"), summed(ledger), RoomEvent.joined("s1", "p1", 1011), RoomEvent.of("s1", "p1", List.of(admitted)),
        saleStats(), saleStatsWithRooms(),
        new TakeToken("user:u1", 5, 10),
        new MemberSums(Set.of("s1", "s2")), new MemberSums.Answer(true, List.of(SaleTotals.none("s1"))),
        new MemberSums.Answer(false, List.of()), new RecordLedger(),
        new ReconciliationPipeline.LedgerDigest("s1", "p1", 9, 2),
        new ReconciliationPipeline.LedgerDigest("s1", "p2", 1, 0),
        new ReconciliationPipeline.DigestOf(1_700_000_000_000L));
  }

  private static SumSaleTotals summed(Ledger ledger) {
    SumSaleTotals sum = new SumSaleTotals();
    sum.accumulate(Map.entry(new ProductKey("s1", "p1"), ledger));
    sum.accumulate(Map.entry(new ProductKey("s2", "p1"), Ledger.initial("s2", 3, T, T.plusSeconds(1))));
    return sum;
  }

  private static SaleStats saleStats() {
    return new SaleStats("s1", 1008, Map.of("PENDING", 2L, "CONFIRMED", 1L, "CANCELLED", 0L),
        Map.of("PENDING", 4L, "CONFIRMED", 2L, "CANCELLED", 0L), Map.of("EUR", new BigDecimal("399.98")),
        Map.of("SOLD_OUT", 7L), new TreeMap<>(Map.of(1_700_000_000L, 3L, 1_700_000_001L, 5L)), new TreeMap<>(),
        Map.of("p1", 1007L));
  }

  private static SaleStats saleStatsWithRooms() {
    SaleStats plain = saleStats();
    return new SaleStats("s1", 1012, plain.ordersByStatus(), plain.unitsByStatus(), plain.revenue(), plain.rejections(),
        plain.placedPerSecond(), plain.rejectedPerSecond(), plain.soldOutAt(), Map.of(
            "p1", new RoomStats(40, 50, 8, 2, 0, new TreeMap<>(Map.of(1_700_000_000L, 5L, 1_700_000_001L, 3L))),
            "p2", new RoomStats(0, 3, 3, 0, 1, new TreeMap<>())));
  }

  @ParameterizedTest
  @MethodSource("everySerializedType")
  void every_value_reads_back_exactly_as_it_was_written(Object value) {
    Data data = serialization.toData(value);
    Object copy = serialization.toObject(data);

    assertThat(data.isCompact()).as("%s is serialized with Compact", value.getClass().getSimpleName()).isTrue();
    assertThat(copy).isInstanceOf(value.getClass());
    // A ledger operation is HazelcastInstanceAware: the member injects itself on deserialization (the cluster clock).
    assertThat(copy).usingRecursiveComparison().ignoringFields("instance").isEqualTo(value);
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
