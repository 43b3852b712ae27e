package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.it.FaultHistory.Fault;
import com.flashsale.web.it.FaultHistory.Kind;
import com.flashsale.web.it.FaultHistory.Op;
import com.flashsale.web.it.HistoryChecker.FinalOrder;
import com.flashsale.web.it.HistoryChecker.FinalProduct;
import com.flashsale.web.it.HistoryChecker.Outcome;
import com.flashsale.web.it.HistoryChecker.SaleWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fault harness's checker on hand-made histories: a correct one passes, and each rule of issue 16 fails on a
 * history that breaks it, so a passing NetworkFaultIT means the rules held, not that the checker cannot fail.
 */
class HistoryCheckerTest {

  private static final long RESOLUTION = 50;
  private static final long TAKEOVER = 2000;

  private final List<Op> ops = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final Map<String, FinalOrder> orders = new LinkedHashMap<>();
  private final Map<String, String> reads = new HashMap<>();
  private final List<FinalProduct> products = new ArrayList<>(List.of(new FinalProduct("s", "tee", 2, 2)));
  private final List<SaleWindow> windows = new ArrayList<>();

  @Test
  void a_history_that_keeps_every_promise_has_no_violation() {
    placed(1, "o1", "alice", 1, 1000, 1010);
    op(Kind.PAY, "m2", "o1", "alice", 1, 1100, 1110, 200, "", order("o1", "CONFIRMED"));
    refused(3, "bob", 1, 1200, 1210, "SOLD_OUT");
    finalOrder("o1", "alice", 1, "CONFIRMED", 1105);
    products.set(0, new FinalProduct("s", "tee", 1, 0));

    assertThat(checker().violations()).isEmpty();
  }

  @Test
  void a_unit_held_by_two_orders_is_sold_twice() {
    placed(1, "o1", "alice", 1, 1000, 1010);
    placed(2, "o2", "bob", 1, 1000, 1010);
    finalOrder("o1", "alice", 1, "PENDING", 1005);
    finalOrder("o2", "bob", 1, "PENDING", 1005);
    products.set(0, new FinalProduct("s", "tee", 1, 0));

    assertThat(checker().unitsSoldTwice()).singleElement().asString().startsWith("sold twice");
  }

  @Test
  void one_idempotency_key_answered_with_two_orders_is_sold_twice() {
    ops.add(new Op(1, Kind.PLACE, "m1", "s", "tee", "alice", 1, "k", "o1", 1000, 1010, 201, "", order("o1", "PENDING")));
    ops.add(new Op(2, Kind.REPLAY, "m2", "s", "tee", "alice", 1, "k", "o2", 1020, 1030, 200, "", order("o2", "PENDING")));

    assertThat(checker().unitsSoldTwice()).anyMatch(violation -> violation.contains("key k answered orders o1 and o2"));
  }

  @Test
  void an_acknowledged_order_missing_at_the_end_is_lost() {
    placed(1, "o1", "alice", 1, 1000, 1010);

    assertThat(checker().acknowledgedOrdersLost()).singleElement().asString().contains("o1");
  }

  @Test
  void a_confirmed_payment_that_ends_expired_is_lost() {
    placed(1, "o1", "alice", 1, 1000, 1010);
    op(Kind.PAY, "m1", "o1", "alice", 1, 1100, 1110, 200, "", order("o1", "CONFIRMED"));
    finalOrder("o1", "alice", 1, "CANCELLED:EXPIRED", 9000);

    assertThat(checker().acknowledgedOrdersLost()).singleElement().asString().contains("ended CANCELLED:EXPIRED");
  }

  @Test
  void a_payment_without_an_answer_may_have_confirmed_the_order() {
    placed(1, "o1", "alice", 1, 1000, 1010);
    op(Kind.PAY, "m1", "o1", "alice", 1, 1100, 1110, -1, "", "timeout");
    finalOrder("o1", "alice", 1, "CONFIRMED", 1105);

    assertThat(checker().acknowledgedOrdersLost()).isEmpty();
  }

  @Test
  void a_user_holding_more_than_the_limit_is_over_it() {
    finalOrder("o1", "alice", 1, "CONFIRMED", 1000);
    finalOrder("o2", "alice", 1, "PENDING", 1000);
    finalOrder("o3", "alice", 1, "PENDING", 1000);

    assertThat(checker().usersOverTheLimit()).singleElement().asString().contains("alice");
  }

  @Test
  void an_acknowledged_order_one_member_cannot_read_is_not_readable() {
    placed(1, "o1", "alice", 1, 1000, 1010);
    finalOrder("o1", "alice", 1, "PENDING", 1000);
    Map<String, Map<String, String>> byMember = Map.of("m1", Map.of("o1", "PENDING"), "m2", Map.of());

    HistoryChecker checker = new HistoryChecker(ops, faults, new Outcome(orders, byMember, products), 2, windows, RESOLUTION, TAKEOVER);

    assertThat(checker.acknowledgedOrdersNotReadable()).singleElement().asString().contains("on m2");
  }

  @Test
  void sold_out_before_a_later_201_with_no_unit_returned_is_refused_too_early() {
    refused(1, "bob", 1, 1000, 1010, "SOLD_OUT");
    placed(2, "o1", "alice", 1, 1200, 1210);
    finalOrder("o1", "alice", 1, "PENDING", 1205);

    assertThat(checker().refusalsBeforeALaterSale()).singleElement().asString().startsWith("refused too early");
  }

  @Test
  void sold_out_before_a_later_201_is_fine_when_a_unit_came_back_in_between() {
    refused(1, "bob", 1, 1000, 1010, "SOLD_OUT");
    placed(2, "o1", "alice", 1, 1200, 1210);
    finalOrder("o0", "carol", 1, "CANCELLED:EXPIRED", 1100);

    assertThat(checker().refusalsBeforeALaterSale()).isEmpty();
  }

  @Test
  void insufficient_stock_for_two_then_one_unit_sold_is_fine() {
    refused(1, "bob", 2, 1000, 1010, "INSUFFICIENT_STOCK");
    placed(2, "o1", "alice", 1, 1200, 1210);

    assertThat(checker().refusalsBeforeALaterSale()).isEmpty();
  }

  @Test
  void requests_closer_than_the_resolution_may_be_served_in_either_order() {
    refused(1, "bob", 1, 1000, 1010, "SOLD_OUT");
    placed(2, "o1", "alice", 1, 1000 + RESOLUTION, 1100);

    assertThat(checker().refusalsBeforeALaterSale()).isEmpty();
  }

  @Test
  void a_201_from_the_cut_off_member_is_a_wrong_answer_of_the_minority() {
    faults.add(new Fault(FaultHistory.PARTITION, "m3", 1000, 5000));
    placed(1, "o1", "alice", 3, 2000, 2500);
    op(Kind.CANCEL, "m3", "o9", "bob", 1, 2600, 2700, 503, "UNAVAILABLE", "{}");
    op(Kind.PAY, "m3", "o8", "bob", 1, 4900, 5200, 200, "", order("o8", "CONFIRMED"));

    assertThat(checker().minorityAnswersOtherThan503()).singleElement().asString().contains("#1 PLACE via m3");
  }

  @Test
  void the_cut_off_member_may_refuse_until_the_others_can_take_over_its_partitions_and_then_only_503() {
    faults.add(new Fault(FaultHistory.PARTITION, "m3", 1000, 9000));
    ops.add(new Op(1, Kind.PLACE, "m3", "s", "tee", "alice", 1, "k1", null, 1100, 1150, 409, "SOLD_OUT", "{}"));
    op(Kind.REPLAY, "m3", "o7", "carol", 1, 1200, 1250, 200, "", order("o7", "PENDING"));
    op(Kind.PAY, "m3", "o8", "bob", 1, 1300, 1350, 200, "", order("o8", "CONFIRMED"));
    ops.add(new Op(4, Kind.PLACE, "m3", "s", "tee", "dave", 1, "k4", null, 3500, 3600, 409, "LIMIT_EXCEEDED", "{}"));

    HistoryChecker checker = checker();

    assertThat(checker.minorityAnswersOtherThan503()).satisfiesExactly(
        payment -> assertThat(payment).contains("PAY via m3"),
        late -> assertThat(late).contains("#4 PLACE via m3"));
    assertThat(checker.minorityRefusalsBeforeTakeover()).isEqualTo(2);
  }

  @Test
  void a_201_before_the_window_opens_on_cluster_time_is_outside_the_window() {
    windows.add(new SaleWindow("s", 10_000, 20_000));
    placed(1, "o1", "alice", 3, 4000, 4100);
    placed(2, "o2", "bob", 1, 12_000, 12_100);
    refused(3, "carol", 1, 15_000, 15_100, "SALE_NOT_ACTIVE");
    refused(4, "dave", 1, 21_000, 21_100, "SALE_NOT_ACTIVE");

    assertThat(checker().salesOutsideTheWindow()).hasSize(2)
        .anyMatch(violation -> violation.contains("#1") && violation.contains("got 201"))
        .anyMatch(violation -> violation.contains("#3") && violation.contains("refused inside"));
  }

  private HistoryChecker checker() {
    Map<String, Map<String, String>> byMember = Map.of("m1", reads);
    orders.values().forEach(order -> reads.put(order.orderId(), order.status()));
    return new HistoryChecker(ops, faults, new Outcome(orders, byMember, products), 2, windows, RESOLUTION, TAKEOVER);
  }

  private void placed(long id, String orderId, String user, int member, long start, long end) {
    ops.add(new Op(id, Kind.PLACE, "m" + member, "s", "tee", user, 1, "key-" + orderId, orderId, start, end, 201, "",
        order(orderId, "PENDING")));
  }

  private void refused(long id, String user, int quantity, long start, long end, String error) {
    ops.add(new Op(id, Kind.PLACE, "m1", "s", "tee", user, quantity, "key-" + id, null, start, end, 409, error,
        "{\"error\":\"" + error + "\"}"));
  }

  private void op(Kind kind, String member, String orderId, String user, int quantity, long start, long end, int status,
      String error, String body) {
    ops.add(new Op(ops.size() + 100, kind, member, "s", "tee", user, quantity, null, orderId, start, end, status, error, body));
  }

  private void finalOrder(String orderId, String user, int quantity, String status, long updatedAt) {
    orders.put(orderId, new FinalOrder(orderId, "s", "tee", user, quantity, status, updatedAt));
  }

  private static String order(String orderId, String status) {
    String[] parts = status.split(":");
    return "{\"orderId\":\"" + orderId + "\",\"status\":\"" + parts[0] + "\""
        + (parts.length > 1 ? ",\"cancelReason\":\"" + parts[1] + "\"" : "") + "}";
  }
}
