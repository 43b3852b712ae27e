package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The waiting room's rules (contract v2, W1 to W5) on a ledger, at chosen instants. */
class RoomTest {

  private static final Instant OPENS = Instant.parse("2026-11-21T10:00:00Z");
  private static final long T = OPENS.toEpochMilli();
  private static final ProductKey PRODUCT = new ProductKey("s1", "p1");
  private final AtomicInteger secrets = new AtomicInteger();

  private static Ledger room(int units, int admitPerSecond, int admissionSeconds) {
    return Ledger.initial(PRODUCT.saleId(), units, OPENS, OPENS.plusSeconds(3600),
        new WaitingRoom(admitPerSecond, admissionSeconds));
  }

  private static Ledger join(Ledger ledger, String user, int quantity, long at) {
    Ticket ticket = Ticket.waiting(ledger.room().nextSeq(), "n" + user, user, quantity, at);
    return ledger.apply(LedgerChange.ofTickets(List.of(ticket)));
  }

  /** The room's due changes at {@code at}, applied. */
  private Ledger advance(Ledger ledger, long at) {
    List<Ticket> due = ledger.roomChangesAt(at, () -> "secret" + secrets.incrementAndGet());
    return due.isEmpty() ? ledger : ledger.apply(LedgerChange.ofTickets(due));
  }

  private static TicketStatus status(Ledger ledger, long seq) {
    return ledger.room().ticket(seq).status();
  }

  private static Ledger place(Ledger ledger, long seq, long orderId, long at) {
    Ticket ticket = ledger.room().ticket(seq);
    Order order = Order.placed(orderId, PRODUCT, ticket.userId(), ticket.quantity(), BigDecimal.ONE, "EUR", 300,
        Instant.ofEpochMilli(at), null, null);
    return ledger.apply(LedgerChange.of(order, ticket.used(orderId, at)));
  }

  @Test
  void the_keepers_quick_check_agrees_with_the_changes_it_stands_for_on_random_rooms() {
    Random random = new Random(16);
    for (int round = 0; round < 200; round++) {
      Ledger ledger = room(1 + random.nextInt(20), 1 + random.nextInt(5), 1 + random.nextInt(10));
      long at = T - 5_000;
      long orderId = 1;
      for (int step = 0; step < 30; step++) {
        at += random.nextInt(1_500);
        int move = random.nextInt(4);
        if (move < 2) {
          ledger = join(ledger, "u" + round + "-" + step, 1 + random.nextInt(3), at);
        } else if (move == 2) {
          ledger = advance(ledger, at);
        } else {
          Ticket admitted = ledger.room().tickets().values().stream()
              .filter(ticket -> ticket.status() == TicketStatus.ADMITTED).findFirst().orElse(null);
          if (admitted != null) {
            ledger = place(ledger, admitted.seq(), orderId++, at);
          }
        }
        for (long probe : new long[] {at, at + 700, at + 20_000, OPENS.plusSeconds(4_000).toEpochMilli()}) {
          assertThat(ledger.roomNeedsAttentionAt(probe)).as("round %d step %d at %d", round, step, probe)
              .isEqualTo(!ledger.roomChangesAt(probe, () -> "secret").isEmpty());
        }
      }
    }
  }

  @Test
  void positions_and_units_ahead_count_the_waiting_tickets_that_joined_before() {
    Ledger ledger = room(100, 10, 60);
    ledger = join(ledger, "a", 2, T - 5000);
    ledger = join(ledger, "b", 1, T - 4000);
    ledger = join(ledger, "c", 3, T - 3000);
    ledger = join(ledger, "d", 1, T - 2000);
    Room room = ledger.room();

    assertThat(room.position(room.ticket(1))).isEqualTo(1);
    assertThat(room.position(room.ticket(4))).isEqualTo(4);
    assertThat(room.unitsAhead(room.ticket(4))).isEqualTo(2 + 1 + 3);
    assertThat(room.unitsAhead(room.ticket(1))).isZero();
    assertThat(room.tickets().values()).filteredOn(ticket -> ticket.status() == TicketStatus.WAITING).hasSize(4);
  }

  @Test
  void nobody_is_admitted_before_the_sale_opens_and_admission_follows_join_order_within_the_rate() {
    Ledger ledger = room(100, 2, 60);
    for (String user : List.of("a", "b", "c", "d", "e")) {
      ledger = join(ledger, user, 1, T - 1000);
    }

    assertThat(advance(ledger, T - 1)).as("UPCOMING: the queue forms, nobody is admitted").isSameAs(ledger);

    ledger = advance(ledger, T);
    assertThat(List.of(status(ledger, 1), status(ledger, 2), status(ledger, 3)))
        .containsExactly(TicketStatus.ADMITTED, TicketStatus.ADMITTED, TicketStatus.WAITING);
    assertThat(advance(ledger, T + 999)).as("W3: two admissions in any one second").isSameAs(ledger);
    ledger = advance(ledger, T + 1000);
    assertThat(List.of(status(ledger, 3), status(ledger, 4), status(ledger, 5)))
        .containsExactly(TicketStatus.ADMITTED, TicketStatus.ADMITTED, TicketStatus.WAITING);
    assertThat(ledger.room().position(ledger.room().ticket(5))).isEqualTo(1);
  }

  @Test
  void admitted_units_never_exceed_the_available_units_and_a_head_that_does_not_fit_is_not_overtaken() {
    Ledger ledger = room(3, 100, 60);
    ledger = join(ledger, "a", 2, T);
    ledger = join(ledger, "b", 2, T);
    ledger = join(ledger, "c", 1, T);

    ledger = advance(ledger, T);

    assertThat(status(ledger, 1)).isEqualTo(TicketStatus.ADMITTED);
    assertThat(status(ledger, 2)).as("W2: 2 + 2 units would exceed 3").isEqualTo(TicketStatus.WAITING);
    assertThat(status(ledger, 3)).as("W1: c joined after b, which still waits").isEqualTo(TicketStatus.WAITING);
    assertThat(ledger.room().admittedUnits()).isEqualTo(2).isLessThanOrEqualTo(ledger.available());
  }

  @Test
  void an_unused_admission_expires_and_its_units_pass_to_the_next_ticket() {
    Ledger ledger = room(1, 100, 30);
    ledger = join(ledger, "a", 1, T);
    ledger = join(ledger, "b", 1, T);
    ledger = advance(ledger, T);
    assertThat(status(ledger, 1)).isEqualTo(TicketStatus.ADMITTED);
    assertThat(advance(ledger, T + 29_999)).as("the admission still stands").isSameAs(ledger);

    ledger = advance(ledger, T + 30_000);

    assertThat(status(ledger, 1)).isEqualTo(TicketStatus.EXPIRED);
    assertThat(status(ledger, 2)).as("W4: its unit passes on at once").isEqualTo(TicketStatus.ADMITTED);
  }

  @Test
  void waiting_tickets_are_sold_out_only_once_their_units_cannot_come_back() {
    Ledger ledger = room(2, 100, 60);
    ledger = join(ledger, "a", 1, T);
    ledger = join(ledger, "b", 1, T);
    ledger = join(ledger, "c", 1, T);
    ledger = join(ledger, "d", 2, T);
    ledger = advance(ledger, T);
    ledger = place(ledger, 1, 101, T + 10);
    ledger = place(ledger, 2, 102, T + 10);
    ledger = advance(ledger, T + 20);
    assertThat(status(ledger, 3)).as("two unpaid orders may still come back").isEqualTo(TicketStatus.WAITING);
    assertThat(status(ledger, 4)).isEqualTo(TicketStatus.WAITING);

    Order paid = ledger.orders().get(101L).confirmed("pay", Instant.ofEpochMilli(T + 30));
    ledger = advance(ledger.apply(LedgerChange.of(paid)), T + 40);
    assertThat(status(ledger, 3)).as("one unit may still come back").isEqualTo(TicketStatus.WAITING);
    assertThat(status(ledger, 4)).as("W5: two units cannot").isEqualTo(TicketStatus.SOLD_OUT);

    Order cancelled = ledger.orders().get(102L).cancelled(CancelReason.USER_CANCELLED, null, Instant.ofEpochMilli(T + 50));
    ledger = advance(ledger.apply(LedgerChange.of(cancelled)), T + 60);
    assertThat(status(ledger, 3)).as("the cancelled unit passes to the next ticket").isEqualTo(TicketStatus.ADMITTED);
  }

  @Test
  void the_end_of_the_sale_expires_every_live_ticket() {
    Ledger ledger = room(1, 100, 60);
    ledger = join(ledger, "a", 1, T);
    ledger = join(ledger, "b", 1, T);
    ledger = advance(ledger, T);

    ledger = advance(ledger.apply(LedgerChange.closedAt(T + 100)), T + 100);

    assertThat(List.of(status(ledger, 1), status(ledger, 2))).containsOnly(TicketStatus.EXPIRED);
    assertThat(ledger.room().live()).isEmpty();
    assertThat(ledger.roomNeedsAttentionAt(T + 200)).isFalse();
  }

  @Test
  void a_ledger_rebuilt_from_its_tickets_has_the_same_room() {
    Ledger ledger = room(2, 1, 60);
    ledger = join(ledger, "a", 1, T);
    ledger = join(ledger, "b", 2, T);
    ledger = join(ledger, "c", 1, T);
    ledger = advance(ledger, T);

    Ledger rebuilt = Ledger.of(ledger.saleId(), ledger.total(), ledger.opensAt(), ledger.closesAt(), ledger.version(),
        ledger.orders().values(), ledger.roomConfig(), ledger.room().tickets().values());

    assertThat(rebuilt.room()).isEqualTo(ledger.room());
    assertThat(rebuilt.ticketsChangedAfter(0)).hasSize(3);
    assertThat(rebuilt.ticketsChangedAfter(ledger.version())).isEmpty();
  }
}
