package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Room;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveCluster;
import com.flashsale.web.testing.TestSale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The waiting room of contract v2 over real HTTP, on two real members with PostgreSQL: joining and polling, the
 * admission token on placement (each way it can be wrong is 403 ADMISSION_REQUIRED), and the room's invariants
 * W1 to W5 as a shopper sees them. Shoppers join through one member and poll and place through the other, so
 * every promise holds whichever member takes a call; where an invariant is about every instant (W1, W2, W3) the
 * test also reads the room itself from the grid.
 */
class WaitingRoomHttpTest {

  private static final Duration ROOM_REACTS = Duration.ofSeconds(2);
  private static LiveCluster cluster;
  /** Creates sales and takes joins. */
  private static Api api;
  /** Takes polls and placements. */
  private static Api other;

  @BeforeAll
  static void startTwoMembers() {
    cluster = LiveCluster.start(2);
    api = cluster.api(0);
    other = cluster.api(1);
  }

  @AfterAll
  static void stopMembers() {
    cluster.close();
  }

  private static JsonNode admittedTicket(String saleId, JsonNode ticket) {
    String ticketId = ticket.path("ticketId").asText();
    return await().atMost(ROOM_REACTS).until(() -> other.ticket(saleId, ticketId).expect(200),
        polled -> polled.path("status").asText().equals("ADMITTED"));
  }

  private static String status(String saleId, JsonNode ticket) {
    return other.ticket(saleId, ticket.path("ticketId").asText()).expect(200).path("status").asText();
  }

  private static Room room(String saleId, String productId) {
    Ledger ledger = cluster.member(0).instance().<ProductKey, Ledger>getMap("ledgers").get(new ProductKey(saleId, productId));
    return ledger.room();
  }

  @Test
  void a_shopper_joins_waits_in_line_and_a_second_join_returns_the_same_ticket() {
    String saleId = api.create(TestSale.opensIn(Duration.ofMinutes(10)).product("tv", "499.00", 5).perUserLimit(2)
        .waitingRoom(10, 60));
    String first = Api.newId("user");

    JsonNode joined = api.join(saleId, first, "tv", 2).expect(201);
    JsonNode second = api.join(saleId, Api.newId("user"), "tv", 1).expect(201);
    JsonNode again = api.join(saleId, first, "tv", 1).expect(200);

    assertThat(joined.path("status").asText()).as("UPCOMING: the queue forms, nobody is admitted").isEqualTo("WAITING");
    assertThat(joined.path("position").asInt()).isEqualTo(1);
    assertThat(joined.path("available").asInt()).isEqualTo(5);
    assertThat(joined.path("quantity").asInt()).isEqualTo(2);
    assertThat(second.path("position").asInt()).isEqualTo(2);
    assertThat(second.path("unitsAhead").asInt()).isEqualTo(2);
    assertThat(again).as("the live ticket, unchanged, whatever the quantity asked").isEqualTo(joined);
    assertThat(api.ticket(saleId, second.path("ticketId").asText()).expect(200)).isEqualTo(second);
    assertThat(joined.has("admissionToken")).isFalse();
    assertThat(api.get("/api/sales/" + saleId).expect(200).path("waitingRoom").path("admitPerSecond").asInt()).isEqualTo(10);
  }

  @Test
  void queue_calls_that_cannot_be_served_answer_the_contracts_errors() {
    String plain = api.create(TestSale.active().product("tv", "499.00", 5));
    String roomed = api.create(TestSale.active().product("tv", "499.00", 1).perUserLimit(2).waitingRoom(10, 60));
    String ended = api.create(TestSale.ended().product("tv", "499.00", 1).waitingRoom(10, 60));

    api.join(plain, Api.newId("user"), "tv", 1).expectError(409, "NO_WAITING_ROOM");
    api.join("no-such-sale", Api.newId("user"), "tv", 1).expectError(404, "SALE_NOT_FOUND");
    api.join(roomed, Api.newId("user"), "radio", 1).expectError(404, "PRODUCT_NOT_FOUND");
    JsonNode over = api.join(roomed, Api.newId("user"), "tv", 3).expectError(409, "LIMIT_EXCEEDED");
    assertThat(over.path("limit").asInt()).isEqualTo(2);
    api.join(roomed, Api.newId("user"), "tv", 2).expectError(409, "SOLD_OUT");
    api.join(ended, Api.newId("user"), "tv", 1).expectError(409, "SALE_NOT_ACTIVE");
    api.ticket(roomed, "0-1-nosuch").expectError(404, "TICKET_NOT_FOUND");
    api.ticket(roomed, "7-1-abc").expectError(404, "TICKET_NOT_FOUND");
    api.ticket(roomed, "garbage").expectError(404, "TICKET_NOT_FOUND");
    api.post("/api/sales/" + roomed + "/queue", "{\"userId\":\"u\"}").expectError(400, "INVALID_REQUEST");
  }

  @Test
  void a_placement_needs_the_users_own_unused_admission_for_its_quantity_and_makes_the_ticket_used() {
    String saleId = api.create(TestSale.active().product("tv", "499.00", 5).perUserLimit(2).waitingRoom(50, 60));
    String buyer = Api.newId("user");
    String stranger = Api.newId("user");
    JsonNode ticket = admittedTicket(saleId, api.join(saleId, buyer, "tv", 1).expect(201));
    JsonNode othersTicket = admittedTicket(saleId, api.join(saleId, stranger, "tv", 1).expect(201));
    String token = ticket.path("admissionToken").asText();

    other.place(saleId, buyer, "tv", 1).expectError(403, "ADMISSION_REQUIRED");
    other.place(saleId, buyer, "tv", 1, "X-Admission", othersTicket.path("admissionToken").asText())
        .expectError(403, "ADMISSION_REQUIRED");
    other.place(saleId, stranger, "tv", 1, "X-Admission", token).expectError(403, "ADMISSION_REQUIRED");
    other.place(saleId, buyer, "tv", 2, "X-Admission", token).expectError(403, "ADMISSION_REQUIRED");
    JsonNode order = other.place(saleId, buyer, "tv", 1, "X-Admission", token, "Idempotency-Key", "k-" + buyer).expect(201);
    JsonNode replay = other.place(saleId, buyer, "tv", 1, "X-Admission", token, "Idempotency-Key", "k-" + buyer).expect(200);
    other.place(saleId, buyer, "tv", 1, "X-Admission", token).expectError(403, "ADMISSION_REQUIRED");

    assertThat(replay.path("orderId")).isEqualTo(order.path("orderId"));
    JsonNode used = api.ticket(saleId, ticket.path("ticketId").asText()).expect(200);
    assertThat(used.path("status").asText()).isEqualTo("USED");
    assertThat(used.path("orderId").asText()).isEqualTo(order.path("orderId").asText());
    assertThat(used.has("admissionToken")).isFalse();
    assertThat(api.available(saleId, "tv")).isEqualTo(4);
    JsonNode rejoined = api.join(saleId, buyer, "tv", 1).expect(201);
    assertThat(rejoined.path("ticketId").asText()).as("after USED, a new ticket at the back")
        .isNotEqualTo(ticket.path("ticketId").asText());
  }

  @Test
  void an_expired_admission_is_refused_and_its_units_pass_to_the_next_ticket() {
    String saleId = api.create(TestSale.active().product("tv", "499.00", 1).waitingRoom(50, 1));
    String late = Api.newId("user");
    JsonNode first = admittedTicket(saleId, api.join(saleId, late, "tv", 1).expect(201));
    JsonNode next = api.join(saleId, Api.newId("user"), "tv", 1).expect(201);
    assertThat(status(saleId, next)).as("W2: one unit, already promised").isEqualTo("WAITING");

    await().atMost(Duration.ofSeconds(1).plus(ROOM_REACTS)).until(() -> status(saleId, first).equals("EXPIRED"));
    admittedTicket(saleId, next);
    other.place(saleId, late, "tv", 1, "X-Admission", first.path("admissionToken").asText())
        .expectError(403, "ADMISSION_REQUIRED");
  }

  @Test
  void waiting_tickets_are_sold_out_once_nothing_can_come_back_and_not_before() {
    String saleId = api.create(TestSale.active().product("tv", "499.00", 1).paymentWindowSeconds(300).waitingRoom(50, 60));
    String buyer = Api.newId("user");
    JsonNode ticket = admittedTicket(saleId, api.join(saleId, buyer, "tv", 1).expect(201));
    JsonNode waiting = api.join(saleId, Api.newId("user"), "tv", 1).expect(201);
    JsonNode order = other.place(saleId, buyer, "tv", 1, "X-Admission", ticket.path("admissionToken").asText()).expect(201);

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> status(saleId, waiting).equals("WAITING"));
    api.pay(order.path("orderId").asText(), "SUCCEEDED").expect(200);
    Instant paid = Instant.now();

    await().atMost(ROOM_REACTS).until(() -> status(saleId, waiting).equals("SOLD_OUT"));
    assertThat(Duration.between(paid, Instant.now())).isLessThan(ROOM_REACTS.plusMillis(500));
    api.join(saleId, Api.newId("user"), "tv", 1).expectError(409, "SOLD_OUT");
  }

  @Test
  void ending_the_sale_expires_every_live_ticket() {
    String saleId = api.create(TestSale.active().product("tv", "499.00", 1).waitingRoom(50, 60));
    JsonNode admitted = admittedTicket(saleId, api.join(saleId, Api.newId("user"), "tv", 1).expect(201));
    JsonNode waiting = api.join(saleId, Api.newId("user"), "tv", 1).expect(201);

    api.adminPost("/api/admin/sales/" + saleId + "/end", null).expect(200);

    await().atMost(ROOM_REACTS).until(() -> status(saleId, admitted).equals("EXPIRED")
        && status(saleId, waiting).equals("EXPIRED"));
  }

  /** The contract: when the sale ends by time, its live tickets become EXPIRED within 2 s, with no operator call. */
  @Test
  void the_sale_window_closing_by_time_expires_every_live_ticket_within_2_s() {
    TestSale definition = TestSale.endsIn(Duration.ofSeconds(6)).product("tv", "499.00", 1).waitingRoom(50, 60);
    String saleId = api.create(definition);
    JsonNode admitted = admittedTicket(saleId, api.join(saleId, Api.newId("user"), "tv", 1).expect(201));
    JsonNode waiting = api.join(saleId, Api.newId("user"), "tv", 1).expect(201);
    Instant endsAt = Instant.parse(definition.body().path("endsAt").asText());
    assertThat(status(saleId, waiting)).isEqualTo("WAITING");

    await().atMost(Duration.between(Instant.now(), endsAt).plus(ROOM_REACTS)).pollInterval(Duration.ofMillis(100))
        .until(() -> status(saleId, admitted).equals("EXPIRED") && status(saleId, waiting).equals("EXPIRED"));
  }

  @Test
  void concurrent_joins_are_admitted_in_join_order_within_the_stock_and_the_rate() throws Exception {
    int perSecond = 4;
    String saleId = api.create(TestSale.opensIn(Duration.ofSeconds(2)).product("tv", "499.00", 10).waitingRoom(perSecond, 60));
    List<Future<JsonNode>> joins = new ArrayList<>();
    try (ExecutorService crowd = Executors.newFixedThreadPool(8)) {
      for (int shopper = 0; shopper < 30; shopper++) {
        Api member = cluster.api(shopper % 2);
        joins.add(crowd.submit(() -> member.join(saleId, Api.newId("user"), "tv", 1).expect(201)));
      }
      for (Future<JsonNode> join : joins) {
        join.get();
      }
    }
    List<Room> samples = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      Room room = room(saleId, "tv");
      samples.add(room);
      return room.admittedUnits() == 10;
    });

    for (Room room : samples) {
      long lastAdmitted = room.tickets().values().stream().filter(t -> t.status() != TicketStatus.WAITING)
          .mapToLong(Ticket::seq).max().orElse(0);
      long firstWaiting = room.tickets().values().stream().filter(t -> t.status() == TicketStatus.WAITING)
          .mapToLong(Ticket::seq).min().orElse(Long.MAX_VALUE);
      assertThat(lastAdmitted).as("W1: nobody admitted past a waiting ticket").isLessThan(firstWaiting);
      assertThat(room.admittedUnits()).as("W2").isLessThanOrEqualTo(10);
    }
    List<Long> admittedAt = room(saleId, "tv").tickets().values().stream().map(Ticket::admittedAt)
        .filter(at -> at > 0).sorted().toList();
    assertThat(admittedAt).hasSize(10);
    for (int i = perSecond; i < admittedAt.size(); i++) {
      assertThat(admittedAt.get(i) - admittedAt.get(i - perSecond)).as("W3: at most %d in any second", perSecond)
          .isGreaterThanOrEqualTo(1000);
    }
    JsonNode last = joins.getLast().get();
    assertThat(api.ticket(saleId, last.path("ticketId").asText()).expect(200).path("position").asInt())
        .isBetween(1, 20);
  }

  @Test
  void the_sale_statistics_show_each_products_queue() {
    String saleId = api.create(TestSale.active().product("tv", "499.00", 2).product("radio", "49.00", 5)
        .waitingRoom(50, 60));
    for (int shopper = 0; shopper < 5; shopper++) {
      api.join(saleId, Api.newId("user"), "tv", 1).expect(201);
    }

    JsonNode tv = await().atMost(Duration.ofSeconds(10)).until(() -> product(api.adminGet("/api/admin/sales/" + saleId
        + "/stats").expect(200), "tv"), product -> product.path("waitingRoom").path("admitted").asInt() == 2
        && product.path("waitingRoom").path("joined").asInt() == 5);

    JsonNode room = tv.path("waitingRoom");
    assertThat(room.path("queueLength").asInt()).as("5 joined, 2 admitted (the stock)").isEqualTo(3);
    assertThat(room.path("soldOut").asInt()).isZero();
    assertThat(product(api.adminGet("/api/admin/sales/" + saleId + "/stats").expect(200), "radio")
        .path("waitingRoom").path("joined").asInt()).isZero();
  }

  private static JsonNode product(JsonNode stats, String productId) {
    for (JsonNode product : stats.path("products")) {
      if (product.path("productId").asText().equals(productId)) {
        return product;
      }
    }
    throw new AssertionError("no product " + productId + " in " + stats);
  }
}
