package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Honest readiness (contract v2), the CI-sized form of {@code scripts/restart-check.sh}: a member restarts on a
 * database of {@value #ORDERS} orders, and from the first 200 of {@code /health/ready} on, a crowd's placements
 * are answered within 2 s and none with 503. It judges latency, so it runs alone ({@code @Isolated}: after the others,
 * with no other IT on the machine's cores); beside another IT on one core, 4 of 498 answers took longer than 2 s.
 */
@Isolated
class ReadinessIT {

  private static final int ORDERS = 150_000;
  private static final int PRODUCTS = 20;
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CROWD = Duration.ofSeconds(10);
  /** The member loads every order into its product's ledger at start: more than the ITs' default heap holds. */
  private static final Map<String, String> HEAP = Map.of("JAVA_OPTS", "-Xms1g -Xmx1g");

  private final ItCluster cluster = new ItCluster();

  @AfterEach
  void stopMemberAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void from_the_first_ready_on_a_restarted_member_answers_a_crowd_within_two_seconds_and_never_503() throws Exception {
    MemberProcess first = cluster.start("first", HEAP).awaitReady(ItCluster.STARTUP);
    Map<String, Integer> stock = IntStream.range(0, PRODUCTS).boxed()
        .collect(Collectors.toMap(i -> "p" + i, i -> 20_000));
    String saleId = Shop.createSale(first.httpPort(), stock, 1, 3600);
    assertThat(first.stop()).as("a graceful stop flushes the sale").isZero();
    writeOrders(saleId);

    MemberProcess restarted = cluster.start("restarted", HEAP);
    HttpClient client = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
    await("the first 200 of /health/ready").atMost(ItCluster.STARTUP).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          assertThat(restarted.isAlive()).as("the restarted member runs").isTrue();
          return status(client, HttpRequest.newBuilder(restarted.uri("/health/ready")).GET()) == 200;
        });

    Map<String, AtomicInteger> answers = crowd(client, restarted, saleId);

    assertThat(answers.getOrDefault("timeout", new AtomicInteger()).get()).as("answers later than 2 s: %s", answers)
        .isZero();
    assertThat(answers.getOrDefault("503", new AtomicInteger()).get()).as("503 answers: %s", answers).isZero();
    assertThat(answers.getOrDefault("-1", new AtomicInteger()).get()).as("requests not taken: %s", answers).isZero();
    assertThat(answers.getOrDefault("201", new AtomicInteger()).get()).as("placements: %s", answers).isPositive();
  }

  /** Nine in ten CONFIRMED, one in ten PENDING, with the stock rows at the version that holds them. */
  private void writeOrders(String saleId) {
    cluster.database.execute("""
        INSERT INTO orders (order_id, sale_id, product_id, user_id, quantity, unit_price, currency, status,
            created_at, updated_at, expires_at, payment_ref, version)
          SELECT i, '%1$s', 'p' || (i %% %2$d), 'loaded-' || i, 1, 9.99, 'EUR',
              CASE WHEN i %% 10 = 0 THEN 'PENDING' ELSE 'CONFIRMED' END, now(), now(),
              CASE WHEN i %% 10 = 0 THEN now() + interval '1 hour' END,
              CASE WHEN i %% 10 = 0 THEN NULL ELSE 'pay-' || i END, 2
            FROM generate_series(1, %3$d) AS i;
        UPDATE stock AS s SET held = c.held, confirmed = c.confirmed, available = s.total - c.held - c.confirmed,
            version = 2
          FROM (SELECT product_id, count(*) FILTER (WHERE status = 'PENDING') AS held,
                       count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed
                  FROM orders WHERE sale_id = '%1$s' GROUP BY product_id) AS c
          WHERE s.sale_id = '%1$s' AND s.product_id = c.product_id""".formatted(saleId, PRODUCTS, ORDERS));
  }

  /** 32 shoppers placing orders of new users as fast as answers come, for {@link #CROWD}: answers by status. */
  private static Map<String, AtomicInteger> crowd(HttpClient client, MemberProcess member, String saleId)
      throws InterruptedException {
    Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    long end = System.nanoTime() + CROWD.toNanos();
    try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int shopper = 0; shopper < 32; shopper++) {
        shoppers.submit(() -> {
          while (System.nanoTime() < end) {
            String body = Shop.orderBody(Shop.newId("crowd"), "p" + ThreadLocalRandom.current().nextInt(PRODUCTS), 1);
            HttpRequest.Builder request = HttpRequest.newBuilder(member.uri("/api/sales/" + saleId + "/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            int status = status(client, request);
            answers.computeIfAbsent(status == -2 ? "timeout" : String.valueOf(status), key -> new AtomicInteger())
                .incrementAndGet();
          }
        });
      }
    }
    return answers;
  }

  /** The status, -2 when no answer came within the client timeout, -1 when the member did not listen. */
  private static int status(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (HttpTimeoutException late) {
      return -2;
    } catch (java.io.IOException unreachable) {
      return -1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
