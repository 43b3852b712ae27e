package com.flashsale.web.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The waiting room's benchmark, against a running member (scripts/bench.sh starts one and runs this):
 *
 * <ol>
 *   <li><b>queue</b>: 100,000 shoppers join one product of 1,000 units before the sale opens (joins/s and their
 *       latency); then shoppers poll random tickets (the cost of a position poll, and every position checked
 *       exact: nobody is admitted yet, so a ticket's position is its join order); then the sale opens, shoppers
 *       at the front poll, and each admitted one places its order with its token and pays; one shopper watches the
 *       last ticket until it is told SOLD_OUT. W1 and W3 are checked on the admissions the shoppers saw.
 *   <li><b>placements</b>: the same placements (limit 1, a 300 s payment window) on a sale without a room and on
 *       a sale whose room admits faster than placements run, by the same client: the ratio of the two rates
 *       (target >= 0.9).
 * </ol>
 *
 * <p>Usage: {@code WaitingRoomBench <base-url> <admin-token> <prefix>}; env ROOM_SHOPPERS (100000), ROOM_STOCK
 * (1000), ROOM_RATE (admitPerSecond, 500), ROOM_CONNECTIONS (64). Prints {@code RESULT key=value} lines.
 */
public final class WaitingRoomBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  private final String base;
  private final String token;
  private final String prefix;
  private final int connections = intEnv("ROOM_CONNECTIONS", 64);
  /** How long the room may take to decide every ticket, from when the bench starts waiting, before it gives up. */
  private static final Duration DECIDED_WITHIN = Duration.ofMinutes(10);
  /** How long a call is retried while it answers 429 or 503 (about the 50 retries of 100 ms it had before). */
  private static final Duration RETRIED_FOR = Duration.ofSeconds(10);

  private WaitingRoomBench(String base, String token, String prefix) {
    this.base = base;
    this.token = token;
    this.prefix = prefix;
  }

  public static void main(String[] args) throws Exception {
    WaitingRoomBench bench = new WaitingRoomBench(args[0], args[1], args[2]);
    bench.queue(intEnv("ROOM_SHOPPERS", 100_000), intEnv("ROOM_STOCK", 1_000), intEnv("ROOM_RATE", 500));
    bench.placements(intEnv("ROOM_PLACEMENT_SHOPPERS", 80_000), intEnv("ROOM_PLACEMENT_SECONDS", 12));
    System.exit(0);
  }

  // ---- the queue ----

  private void queue(int shoppers, int stock, int rate) throws Exception {
    String saleId = prefix + "-room-queue";
    Instant opensAt = Instant.now().plusSeconds(intEnv("ROOM_OPEN_DELAY", 90)).truncatedTo(ChronoUnit.SECONDS);
    createSale(saleId, opensAt, stock, rate, 30);
    String[] tickets = new String[shoppers];
    long[] latencies = new long[shoppers];
    long joinStart = System.nanoTime();
    runAll(shoppers, i -> {
      long sent = System.nanoTime();
      JsonNode ticket = send(post("/api/sales/" + saleId + "/queue", order("q" + i)), 201);
      latencies[i] = System.nanoTime() - sent;
      tickets[i] = ticket.path("ticketId").asText();
      return null;
    });
    double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
    result("room_joins", shoppers);
    result("room_joins_per_s", String.format(Locale.ROOT, "%.0f", shoppers / joinSeconds));
    result("room_join_p50_ms", millis(latencies, 50));
    result("room_join_p99_ms", millis(latencies, 99));
    if (Instant.now().isAfter(opensAt.minusSeconds(12))) {
      result("room_note", "the joins took until the sale opened: polls measured while admitting");
    }

    // Polls of random tickets for 10 s while the queue waits: every WAITING ticket's position is its join order.
    List<Long> pollLatencies = new ArrayList<>();
    AtomicInteger wrongPositions = new AtomicInteger();
    long pollStart = System.nanoTime();
    long pollEnd = pollStart + Duration.ofSeconds(10).toNanos();
    int polls = runFor(pollEnd, () -> {
      String ticketId = tickets[ThreadLocalRandom.current().nextInt(shoppers)];
      long sent = System.nanoTime();
      JsonNode ticket = send(get("/api/sales/" + saleId + "/queue/" + ticketId), 200);
      synchronized (pollLatencies) {
        pollLatencies.add(System.nanoTime() - sent);
      }
      long seq = Long.parseLong(ticketId.split("-")[1]);
      boolean nobodyAdmittedYet = Instant.now().isBefore(opensAt);
      if (nobodyAdmittedYet && ticket.path("status").asText().equals("WAITING") && ticket.path("position").asLong() != seq) {
        wrongPositions.incrementAndGet();
      }
    });
    long[] pollNanos = pollLatencies.stream().mapToLong(Long::longValue).toArray();
    result("room_polls_per_s", String.format(Locale.ROOT, "%.0f", polls / ((System.nanoTime() - pollStart) / 1e9)));
    result("room_poll_p50_ms", millis(pollNanos, 50));
    result("room_poll_p99_ms", millis(pollNanos, 99));
    result("room_positions_wrong", wrongPositions.get());

    // The sale opens: shoppers at the front wait for their admission, place and pay; one watches the last ticket.
    String[] bySeq = new String[shoppers + 1];
    for (String ticketId : tickets) {
      bySeq[Integer.parseInt(ticketId.split("-")[1])] = ticketId;
    }
    long[] admittedAt = new long[shoppers + 1];
    AtomicInteger cursor = new AtomicInteger(1);
    AtomicInteger ordered = new AtomicInteger();
    AtomicLong lastSoldOutSeen = new AtomicLong();
    long giveUpAt = System.nanoTime() + DECIDED_WITHIN.toNanos();
    List<Future<?>> running = new ArrayList<>();
    try (ExecutorService front = Executors.newVirtualThreadPerTaskExecutor()) {
      running.add(front.submit(() -> {
        // As a waiting page does: polls the last ticket every 100 ms until it reads SOLD_OUT.
        awaitTicket(saleId, bySeq[shoppers], Duration.ofMillis(100), giveUpAt, "SOLD_OUT"::equals);
        lastSoldOutSeen.set(System.currentTimeMillis());
        return null;
      }));
      for (int worker = 0; worker < connections; worker++) {
        running.add(front.submit(() -> {
          for (int seq = cursor.getAndIncrement(); seq <= shoppers; seq = cursor.getAndIncrement()) {
            JsonNode ticket = awaitDecided(saleId, bySeq[seq], giveUpAt);
            if (!ticket.path("status").asText().equals("ADMITTED")) {
              return null;
            }
            admittedAt[seq] = Instant.parse(ticket.path("admissionExpiresAt").asText()).toEpochMilli() - 30_000;
            int user = seq;
            JsonNode placed = send(post("/api/sales/" + saleId + "/orders", order(ticket.path("userId").asText()),
                "X-Admission", ticket.path("admissionToken").asText()), 201);
            send(post("/api/orders/" + placed.path("orderId").asText() + "/payment",
                "{\"outcome\":\"SUCCEEDED\",\"paymentRef\":\"bench-" + user + "\"}"), 200);
            ordered.incrementAndGet();
          }
          return null;
        }));
      }
    }
    for (Future<?> task : running) {
      task.get(); // a shopper or the watcher that failed fails the bench
    }
    result("room_orders", ordered.get());
    result("room_open_to_last_sold_out_s", String.format(Locale.ROOT, "%.2f",
        (lastSoldOutSeen.get() - opensAt.toEpochMilli()) / 1000.0));
    result("room_first_join_to_last_sold_out_s", String.format(Locale.ROOT, "%.2f",
        (lastSoldOutSeen.get() - (System.currentTimeMillis() - (System.nanoTime() - joinStart) / 1_000_000)) / 1000.0));
    checkAdmissions(admittedAt, ordered.get(), stock, rate);
  }

  /** Polls a ticket every 200 ms, as a waiting page does, until it is no longer WAITING. */
  private JsonNode awaitDecided(String saleId, String ticketId, long giveUpAt) {
    return awaitTicket(saleId, ticketId, Duration.ofMillis(200), giveUpAt, status -> !status.equals("WAITING"));
  }

  /**
   * Polls a ticket every {@code every}, on the calling thread (a shopper's virtual thread), until its status passes
   * {@code decided}; a room that has not decided it {@link #DECIDED_WITHIN} after the bench began to wait
   * ({@code giveUpAt}, a {@link System#nanoTime} deadline) fails the bench.
   */
  private JsonNode awaitTicket(String saleId, String ticketId, Duration every, long giveUpAt,
      Predicate<String> decided) {
    return await("ticket " + ticketId + " decided within " + DECIDED_WITHIN + " of the bench's wait")
        .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(every)
        .atMost(Duration.ofNanos(Math.max(0, giveUpAt - System.nanoTime())))
        .until(() -> send(get("/api/sales/" + saleId + "/queue/" + ticketId), 200),
            ticket -> decided.test(ticket.path("status").asText()));
  }

  /** W1: the admitted tickets are the first ones, admitted in join order; W3: never more than the rate in a second. */
  private static void checkAdmissions(long[] admittedAt, int ordered, int stock, int rate) {
    int admitted = 0;
    boolean inOrder = true;
    boolean gapless = true;
    long previous = 0;
    boolean ended = false;
    List<Long> times = new ArrayList<>();
    for (int seq = 1; seq < admittedAt.length; seq++) {
      if (admittedAt[seq] == 0) {
        ended = true;
        continue;
      }
      gapless &= !ended;
      inOrder &= admittedAt[seq] >= previous;
      previous = admittedAt[seq];
      admitted++;
      times.add(admittedAt[seq]);
    }
    long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
    int worstSecond = 0;
    for (int first = 0, last = 0; last < sorted.length; last++) {
      while (sorted[last] - sorted[first] >= 1000) {
        first++;
      }
      worstSecond = Math.max(worstSecond, last - first + 1);
    }
    result("room_admitted", admitted);
    result("room_w1_join_order", gapless && inOrder ? "ok" : "BROKEN");
    result("room_w3_most_in_a_second", worstSecond + (worstSecond <= rate ? " ok" : " BROKEN") + " (rate " + rate + ")");
    result("room_sold_exactly_the_stock", ordered == stock ? "ok" : "BROKEN (" + ordered + " of " + stock + ")");
  }

  // ---- placements with and without a room ----

  private void placements(int shoppers, int seconds) throws Exception {
    String plain = prefix + "-room-plain";
    String roomed = prefix + "-room-open";
    Instant now = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    createSale(plain, now, 1_000_000, 0, 0);
    createSale(roomed, now, 1_000_000, 1_000_000, 600);
    String[] tokens = new String[shoppers];
    runAll(shoppers, i -> {
      JsonNode ticket = send(post("/api/sales/" + roomed + "/queue", order("p" + i)), 201);
      tokens[i] = ticket.path("ticketId").asText();
      return null;
    });
    long giveUpAt = System.nanoTime() + DECIDED_WITHIN.toNanos();
    runAll(shoppers, i -> {
      JsonNode ticket = awaitDecided(roomed, tokens[i], giveUpAt);
      tokens[i] = ticket.path("admissionToken").asText();
      return null;
    });
    // Alternating rounds, so that neither side has the warmer JIT or the quieter seconds of the machine.
    AtomicInteger next = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    double without = 0;
    double with = 0;
    for (int round = 1; round <= 2; round++) {
      double plainRate = rate(seconds / 2, () -> {
        send(post("/api/sales/" + plain + "/orders", order("n" + next.incrementAndGet())), 201);
      });
      double roomRate = rate(seconds / 2, () -> {
        int i = admitted.getAndIncrement();
        if (i >= shoppers) {
          throw new Exhausted();
        }
        send(post("/api/sales/" + roomed + "/orders", order("p" + i), "X-Admission", tokens[i]), 201);
      });
      result("room_placements_round" + round, String.format(Locale.ROOT, "without %.0f/s, with %.0f/s", plainRate, roomRate));
      without += plainRate / 2;
      with += roomRate / 2;
    }
    result("room_placements_without_room_per_s", String.format(Locale.ROOT, "%.0f", without));
    result("room_placements_with_room_per_s", String.format(Locale.ROOT, "%.0f", with));
    result("room_placement_ratio", String.format(Locale.ROOT, "%.2f (target >= 0.9)", with / without));
  }

  private double rate(int seconds, Step step) throws Exception {
    long start = System.nanoTime();
    int done = runFor(start + Duration.ofSeconds(seconds).toNanos(), step);
    return done / ((System.nanoTime() - start) / 1e9);
  }

  // ---- plumbing ----

  private void createSale(String saleId, Instant startsAt, int stock, int admitPerSecond, int admissionSeconds)
      throws Exception {
    ObjectNode sale = JSON.createObjectNode().put("saleId", saleId).put("name", "Room bench")
        .put("startsAt", startsAt.toString()).put("endsAt", startsAt.plus(2, ChronoUnit.HOURS).toString())
        .put("perUserLimit", 1).put("paymentWindowSeconds", 300);
    if (admitPerSecond > 0) {
      sale.putObject("waitingRoom").put("admitPerSecond", admitPerSecond).put("admissionSeconds", admissionSeconds);
    }
    sale.putArray("products").addObject().put("productId", "drop").put("name", "Drop").put("price", "99.00")
        .put("currency", "EUR").put("stock", stock);
    send(post("/api/admin/sales", sale.toString(), "Authorization", "Bearer " + token), 201);
  }

  private static String order(String user) {
    return "{\"userId\":\"" + user + "\",\"productId\":\"drop\",\"quantity\":1}";
  }

  private HttpRequest.Builder post(String path, String body, String... headers) {
    return request(path, headers).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  /**
   * Sends, retrying 429 and 503 every 100 ms (as a shopper's page would) for at most {@link #RETRIED_FOR}; fails on
   * any other answer than {@code expected}.
   */
  private JsonNode send(HttpRequest.Builder request, int expected) throws IOException {
    HttpResponse<String> response = await(request.build().uri() + " answered without 429 or 503 within " + RETRIED_FOR)
        .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).atMost(RETRIED_FOR)
        .until(() -> http.send(request.build(), HttpResponse.BodyHandlers.ofString()),
            answer -> answer.statusCode() != 429 && answer.statusCode() != 503);
    if (response.statusCode() != expected) {
      throw new IOException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Runs {@code task(i)} for i in [0, count) on {@link #connections} workers. */
  private void runAll(int count, Indexed task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int worker = 0; worker < connections; worker++) {
        workers.submit(() -> {
          for (int i = next.getAndIncrement(); i < count && failures.isEmpty(); i = next.getAndIncrement()) {
            try {
              task.apply(i);
            } catch (Exception failed) {
              failures.add(failed);
            }
          }
        });
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.peek());
    }
  }

  /** Runs the step on {@link #connections} workers until {@code endNanos}; returns how many completed. */
  private int runFor(long endNanos, Step step) throws Exception {
    AtomicInteger done = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int worker = 0; worker < connections; worker++) {
        workers.submit(() -> {
          while (System.nanoTime() < endNanos && failures.isEmpty()) {
            try {
              step.run();
              done.incrementAndGet();
            } catch (Exhausted noMoreShoppers) {
              return;
            } catch (Exception failed) {
              failures.add(failed);
            }
          }
        });
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.peek());
    }
    return done.get();
  }

  /** One shopper's request of a counted run. */
  private interface Indexed {
    Object apply(int index) throws Exception;
  }

  /** Thrown by a step when its shoppers are used up: the timed run ends early, its rate still counts. */
  private static final class Exhausted extends RuntimeException {
    Exhausted() {
      super(null, null, false, false);
    }
  }

  /** One request of a timed run. */
  private interface Step {
    void run() throws Exception;
  }

  private static String millis(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    long value = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)];
    return String.format(Locale.ROOT, "%.2f", value / 1e6);
  }

  private static void result(String key, Object value) {
    System.out.println("RESULT " + key + "=" + value);
  }

  private static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }
}
