package com.flashsale.node.processors;

import static java.util.Map.entry;
import static com.flashsale.node.processors.Replicas.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.node.domain.WaitingRoom;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The waiting room's operations on one entry, without a cluster: joins, the keeper's advance, and a placement
 * that needs its admission. Each changing operation hands its backup the change it committed, and a replica that
 * applies it reaches the primary's value, admission secrets included.
 */
class WaitingRoomOperationsTest {

  private static final ProductKey KEY = new ProductKey("s1", "p1");
  private static final Instant NOW = Instant.now();

  private static Map.Entry<ProductKey, Ledger> room(int units, int perSecond) {
    return new AbstractMap.SimpleEntry<>(KEY, Ledger.initial(KEY.saleId(), units, NOW.minusSeconds(60),
        NOW.plusSeconds(3600), new WaitingRoom(perSecond, 60)));
  }


  private static PlaceOrder place(long orderId, String user, int quantity, String admission) {
    return new PlaceOrder(orderId, user, quantity, 2, 300, new BigDecimal("9.99"), "EUR", null, null, admission);
  }

  private static String admitted(Map.Entry<ProductKey, Ledger> entry, String user) {
    run(new AdvanceRoom(), entry);
    Ticket ticket = entry.getValue().room().liveTicketOf(user);
    assertThat(ticket.status()).isEqualTo(TicketStatus.ADMITTED);
    return ticket.admissionToken();
  }

  @Test
  void a_join_queues_the_user_once_and_a_second_join_returns_the_same_ticket_unchanged() {
    Map.Entry<ProductKey, Ledger> entry = room(5, 10);

    TicketAnswer first = run(new JoinRoom("u1", 1, 2, "n1"), entry);
    TicketAnswer again = run(new JoinRoom("u1", 2, 2, "n2"), entry);
    TicketAnswer second = run(new JoinRoom("u2", 1, 2, "n3"), entry);

    assertThat(first.outcome()).isEqualTo(TicketAnswer.Outcome.JOINED);
    assertThat(first.position()).isEqualTo(1);
    assertThat(again.outcome()).isEqualTo(TicketAnswer.Outcome.ALREADY_JOINED);
    assertThat(again.ticket()).isEqualTo(first.ticket());
    assertThat(second.position()).isEqualTo(2);
    assertThat(second.unitsAhead()).isEqualTo(1);
  }

  @Test
  void a_join_over_the_limit_or_for_units_that_cannot_come_back_is_refused() {
    Map.Entry<ProductKey, Ledger> entry = room(1, 10);

    assertThat(run(new JoinRoom("u1", 3, 2, "n"), entry).outcome()).isEqualTo(TicketAnswer.Outcome.LIMIT_EXCEEDED);
    assertThat(run(new JoinRoom("u1", 2, 2, "n"), entry).outcome()).isEqualTo(TicketAnswer.Outcome.SOLD_OUT);
    assertThat(entry.getValue().room().tickets()).isEmpty();
  }

  @Test
  void an_admission_places_one_order_for_its_own_user_and_quantity_and_the_ticket_is_used_with_it() {
    Map.Entry<ProductKey, Ledger> entry = room(5, 10);
    run(new JoinRoom("u1", 1, 2, "n1"), entry);
    String token = admitted(entry, "u1");

    assertThat(run(place(1, "u1", 1, null), entry).outcome()).isEqualTo(Placement.Outcome.ADMISSION_REQUIRED);
    assertThat(run(place(1, "u2", 1, token), entry).outcome()).as("another user").isEqualTo(Placement.Outcome.ADMISSION_REQUIRED);
    assertThat(run(place(1, "u1", 2, token), entry).outcome()).as("another quantity").isEqualTo(Placement.Outcome.ADMISSION_REQUIRED);
    assertThat(run(place(1, "u1", 1, token + "x"), entry).outcome()).as("a forged token").isEqualTo(Placement.Outcome.ADMISSION_REQUIRED);
    Placement placed = run(place(1, "u1", 1, token), entry);
    Placement reused = run(place(2, "u1", 1, token), entry);

    assertThat(placed.outcome()).isEqualTo(Placement.Outcome.CREATED);
    Ticket used = entry.getValue().room().ticket(Ticket.seqOf(token));
    assertThat(used.status()).isEqualTo(TicketStatus.USED);
    assertThat(used.orderId()).isEqualTo(1);
    assertThat(reused.outcome()).as("a used token").isEqualTo(Placement.Outcome.ADMISSION_REQUIRED);
    assertThat(run(place(1, "u1", 1, token), entry).outcome()).as("a replay of the same order id")
        .isEqualTo(Placement.Outcome.REPLAYED);
  }

  @Test
  void an_admission_refused_for_the_limit_ends_as_expired() {
    Map.Entry<ProductKey, Ledger> entry = room(5, 10);
    run(new JoinRoom("u1", 1, 1, "n1"), entry);
    String token = admitted(entry, "u1");
    // The user bought a unit meanwhile (placed before the room existed, say): the admission cannot be used.
    entry.setValue(entry.getValue().apply(LedgerChange.of(com.flashsale.node.domain.Order.placed(9, KEY, "u1", 2,
        BigDecimal.ONE, "EUR", 300, NOW, null, null))));

    Placement refused = run(place(1, "u1", 1, token), entry);

    assertThat(refused.outcome()).isEqualTo(Placement.Outcome.LIMIT_EXCEEDED);
    assertThat(entry.getValue().room().ticket(Ticket.seqOf(token)).status()).isEqualTo(TicketStatus.EXPIRED);
  }

  @Test
  void a_poll_reads_the_ticket_and_its_place_without_changing_anything() {
    Map.Entry<ProductKey, Ledger> entry = room(5, 10);
    run(new JoinRoom("u1", 1, 2, "n1"), entry);
    run(new JoinRoom("u2", 2, 2, "n2"), entry);
    Ledger before = entry.getValue();

    TicketAnswer read = new ReadTicket(2, "n2").process(entry);
    TicketAnswer wrongNonce = new ReadTicket(2, "n1").process(entry);

    assertThat(read.outcome()).isEqualTo(TicketAnswer.Outcome.FOUND);
    assertThat(read.position()).isEqualTo(2);
    assertThat(read.unitsAhead()).isEqualTo(1);
    assertThat(read.available()).isEqualTo(5);
    assertThat(wrongNonce.outcome()).isEqualTo(TicketAnswer.Outcome.TICKET_NOT_FOUND);
    assertThat(entry.getValue()).isSameAs(before);
  }

  @Test
  void a_sale_without_a_room_takes_no_join_and_places_without_admission() {
    Map.Entry<ProductKey, Ledger> entry = new AbstractMap.SimpleEntry<>(KEY,
        Ledger.initial(KEY.saleId(), 5, NOW.minusSeconds(60), NOW.plusSeconds(3600)));

    assertThat(run(new JoinRoom("u1", 1, 2, "n"), entry).outcome()).isEqualTo(TicketAnswer.Outcome.NO_WAITING_ROOM);
    assertThat(run(place(1, "u1", 1, null), entry).outcome()).isEqualTo(Placement.Outcome.CREATED);
    assertThat(entry(KEY, entry.getValue()).getValue().room()).isNull();
  }
}
