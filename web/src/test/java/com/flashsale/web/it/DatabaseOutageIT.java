package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, "a database-outage test", the test of the write-behind gap: PostgreSQL is unreachable for longer
 * than a backup keeps queued writes (delay + 10 s) while two members keep selling from the grid, one of them
 * dies meanwhile, and once the database is back every order the API answered is in PostgreSQL with the
 * status the client was last told. A write the dead member's queue took with it is not needed: the next write
 * of the same product carries every order its ledger changed since the product's stock row's version.
 */
@Order(4)
class DatabaseOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(28);
  /** Late enough in the outage that the writes queued on the other member's backups are older than delay + 10 s. */
  private static final Duration KILL_AFTER = Duration.ofSeconds(20);
  private static final int PER_USER_LIMIT = 5;
  /**
   * Many products, so that some ledgers are owned by the member that dies: the survivor's write-behind worker,
   * with few entries of its own to retry, then drops the backup copies of their queued writes.
   */
  private static final List<String> PRODUCTS = IntStream.range(0, 12).mapToObj(i -> "product-" + i).toList();
  /** Orders placed by one {@link #sellUntil} at most; it is called three times. */
  private static final int MAX_ORDERS_PER_CALL = 2000;
  /**
   * Enough for the busiest product however fast the machine: the step number fixes each order's product, quantity
   * and fate alike, so every order of some products is 2 units left PENDING. At 500 units a fast machine sold
   * those out within the test and a placement was answered SOLD_OUT.
   */
  private static final int UNITS_PER_PRODUCT = 3 * MAX_ORDERS_PER_CALL / PRODUCTS.size() * 2 + 100;

  private final ItCluster cluster = new ItCluster();
  private final TcpProxy proxy = cluster.databaseBehindProxy();
  private final Ledger ledger = new Ledger();
  private int placed;

  @AfterEach
  void stopEverything() throws Exception {
    cluster.close();
  }

  @Test
  void every_order_answered_during_an_outage_and_a_member_crash_reaches_postgresql_once_it_is_back() {
    List<MemberProcess> members = cluster.startReady(2, "member-");
    MemberProcess survivor = members.get(0);
    MemberProcess victim = members.get(1);
    String saleId = Shop.createSale(survivor.httpPort(), PRODUCTS.stream().collect(Collectors.toMap(product -> product, product -> UNITS_PER_PRODUCT)), PER_USER_LIMIT, 600);
    await("the sale in PostgreSQL").atMost(Duration.ofSeconds(30))
        .until(() -> cluster.database.availableBy(saleId).size() == PRODUCTS.size());
    sellUntil(Instant.now().plusSeconds(2), survivor, victim, saleId);

    proxy.cut();
    Instant cutAt = Instant.now();
    sellUntil(cutAt.plus(KILL_AFTER), survivor, victim, saleId);
    assertReportsTheOutage(victim);
    victim.kill();
    sellUntil(cutAt.plus(OUTAGE), survivor, survivor, saleId);
    assertReportsTheOutage(survivor);
    proxy.restore();

    assertThat(ledger.contradictions()).isEmpty();
    assertThat(placed).as("orders placed from the grid while PostgreSQL was away").isGreaterThan(20);
    Map<String, String> told = new LinkedHashMap<>();
    ledger.orders().forEach((orderId, entry) -> told.put(orderId, entry.possible().iterator().next()));
    await("every answered order in PostgreSQL with its last status").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(cluster.database.orderStatuses()).containsAllEntriesOf(told));
    Map<String, Integer> available = new LinkedHashMap<>();
    Shop.products(survivor.httpPort(), saleId).forEach((id, product) -> available.put(id, product.path("available").asInt()));
    await("the stock figures in PostgreSQL").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.database.availableBy(saleId)).isEqualTo(available));
    System.out.printf("DatabaseOutageIT: %d orders placed, %s repairs by the survivor's reconciliations%n", placed,
        Shop.metric(Http.get(survivor.httpPort(), "/metrics").body(), "flashsale_repairs_reconciliation_total"));
    await("readiness back once PostgreSQL answers").atMost(Duration.ofSeconds(30))
        .until(() -> Http.get(survivor.httpPort(), "/health/ready").status() == 200);
  }

  /**
   * Places orders for fresh users, alternating between two members, and settles them in turn (pay, fail,
   * cancel, leave PENDING) on the other one, until {@code deadline}. Every call must be answered from the
   * grid: 201 or 200 (a 503 with Retry-After, while partitions move after the crash, is retried).
   */
  private void sellUntil(Instant deadline, MemberProcess one, MemberProcess other, String saleId) {
    for (int i = 0; Instant.now().isBefore(deadline) && i < MAX_ORDERS_PER_CALL; i++) {
      MemberProcess placeOn = i % 2 == 0 ? one : other;
      MemberProcess settleOn = placeOn == one ? other : one;
      String user = Shop.newId("user");
      String product = PRODUCTS.get(i % PRODUCTS.size());
      String key = UUID.randomUUID().toString();
      int quantity = 1 + i % 2;
      Http.Reply answer = retrying(() -> Shop.place(placeOn.httpPort(), saleId, user, product, quantity, key));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
      String orderId = ledger.created(answer.json()).orderId();
      placed++;
      switch (i % 4) {
        case 0 -> ledger.settled(orderId, Ledger.CONFIRMED, retrying(() -> Shop.pay(settleOn.httpPort(), orderId, true)));
        case 1 -> ledger.settled(orderId, Ledger.PAYMENT_FAILED,
            retrying(() -> Shop.pay(settleOn.httpPort(), orderId, false)));
        case 2 -> ledger.settled(orderId, Ledger.USER_CANCELLED, retrying(() -> Shop.cancel(settleOn.httpPort(), orderId)));
        default -> { }
      }
    }
  }

  /** Repeats an idempotent call while it is answered 503 with Retry-After, for at most 30 seconds. */
  private static Http.Reply retrying(Supplier<Http.Reply> call) {
    AtomicReference<Http.Reply> last = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          last.set(call.get());
          return !last.get().isRetryLater();
        });
    return last.get();
  }

  /** Readiness says PostgreSQL is down, and the metrics show changes waiting for it. */
  private static void assertReportsTheOutage(MemberProcess member) {
    Http.Reply ready = Http.get(member.httpPort(), "/health/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
    JsonNode health = ready.json();
    assertThat(health.path("postgres").asText()).as(ready.toString()).isEqualTo("DOWN");
    assertThat(health.path("member").asText()).as(ready.toString()).isEqualTo("UP");
    Http.Reply metrics = Http.get(member.httpPort(), "/metrics");
    // isGreaterThan alone would pass NaN (a figure that cannot be read): require a real number.
    assertThat(Shop.metric(metrics.body(), "flashsale_writebehind_backlog")).as("write-behind backlog on :"
        + member.httpPort()).isFinite().isGreaterThan(0);
    // Orders reach PostgreSQL with their product's ledger, in its transaction: the ledgers are what is queued.
    assertThat(Shop.metric(metrics.body(), "flashsale_map_writebehind_queued", "map", "ledgers"))
        .as("ledgers queued for PostgreSQL on :" + member.httpPort()).isFinite().isGreaterThan(0);
  }
}
