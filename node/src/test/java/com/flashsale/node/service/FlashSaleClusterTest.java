package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.GridState;
import com.flashsale.node.testing.TestSales;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract's four invariants under a crowd: 64 buyers on three members buy one hot product and 50 others,
 * pay, fail, cancel or walk away (their orders expire), replay idempotency keys, and one member leaves in the
 * middle of it all. At the end the sweepers settle what is due and the grid is checked against what every
 * buyer was told.
 */
class FlashSaleClusterTest {

  private static final int BUYERS = 64;
  private static final int USERS = 40;
  private static final int LIMIT = 3;
  private static final int HOT_STOCK = 60;
  private static final int OTHER_PRODUCTS = 50;
  private static final int OTHER_STOCK = 6;
  private static final int PAYMENT_WINDOW_SECONDS = 2;
  private static final int LEAVING_MEMBER = 2;

  private FlashSaleCluster cluster;
  private final List<FlashSaleNode> live = new CopyOnWriteArrayList<>();

  /** Every order a buyer was given (CREATED or REPLAYED), with the final state that buyer's calls imply. */
  private final Map<Long, Expectation> answered = new ConcurrentHashMap<>();
  private final Queue<String> violations = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private final AtomicInteger placements = new AtomicInteger();
  private final AtomicInteger failedInShutdown = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private volatile long shutdownStartedAt = Long.MAX_VALUE;
  private volatile long shutdownWindowEndsAt = Long.MAX_VALUE;

  /** What the grid must say about an answered order at the end; null status = any live status (a call failed). */
  private record Expectation(Order order, OrderStatus status, CancelReason reason) {}

  @BeforeEach
  void startThreeMembersWithTwoSales() {
    cluster = FlashSaleCluster.start(3, Clock.systemUTC(), FlashSaleCluster.FAST);
    live.addAll(cluster.nodes());
    FlashSaleNode operator = cluster.node(0);
    assertThat(operator.sales().create(TestSales.activeSale("hot", LIMIT, PAYMENT_WINDOW_SECONDS,
        List.of(TestSales.product("p0", HOT_STOCK))))).isEqualTo(SaleService.Creation.CREATED);
    assertThat(operator.sales().create(TestSales.activeSale("many", LIMIT, PAYMENT_WINDOW_SECONDS,
        TestSales.products(OTHER_PRODUCTS, OTHER_STOCK)))).isEqualTo(SaleService.Creation.CREATED);
  }

  @AfterEach
  void stopCluster() {
    stop.set(true);
    cluster.close();
    calls.shutdownNow();
  }

  @Test
  void sixty_four_buyers_on_three_members_keep_every_invariant_while_a_member_leaves() throws Exception {
    Thread monitor = start("monitor", this::watchLedgers);

    // Phase 1: all three members serve; then the buyers stop and the grid must add up while orders are PENDING.
    runBuyers(() -> placements.get() >= 1_200 || stop.get(), Duration.ofSeconds(25));
    assertQuiescentStateAddsUp();
    int phaseOnePlacements = placements.get();

    // Phase 2: a member leaves gracefully while the buyers go on against whoever is left.
    stop.set(false);
    Thread leaver = start("leaver", () -> {
      await().atMost(Duration.ofSeconds(20)).until(() -> placements.get() >= phaseOnePlacements + 300);
      FlashSaleNode leaving = cluster.node(LEAVING_MEMBER);
      shutdownStartedAt = System.currentTimeMillis();
      live.remove(leaving);
      cluster.shutdown(LEAVING_MEMBER);
      shutdownWindowEndsAt = System.currentTimeMillis() + 3_000;
      int atShutdown = placements.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> placements.get() >= atShutdown + 600);
      stop.set(true);
    });
    runBuyers(stop::get, Duration.ofSeconds(45));
    leaver.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(shutdownWindowEndsAt).as("the member left").isLessThan(Long.MAX_VALUE);
    stop.set(true);
    monitor.join(5_000);

    GridState settled = settleEverythingDue();

    assertThat(violations).as("what buyers and the monitor saw").isEmpty();
    assertThat(settled.stockViolations()).as("invariant 1: no unit oversold, figures agree with orders").isEmpty();
    assertThat(settled.limitViolations()).as("invariant 3: per-user limit").isEmpty();
    assertEveryAnsweredOrderIsThereAsTold(settled);
    assertTheRunDidWhatItSays(settled);
  }

  @Test
  void placements_of_one_product_are_served_in_arrival_order() {
    cluster.node(0).sales().create(TestSales.activeSale("queue", 1, 60, List.of(TestSales.product("p0", 20))));

    List<Placement.Outcome> answers = new ArrayList<>();
    for (int buyer = 0; buyer < 30; buyer++) {
      OrderService service = cluster.node(buyer % 3).orders();
      answers.add(service.place(new PlaceOrderRequest("queue", "p0", "buyer-" + buyer, 1), null).outcome());
    }

    assertThat(answers.subList(0, 20)).containsOnly(Placement.Outcome.CREATED);
    assertThat(answers.subList(20, 30)).containsOnly(Placement.Outcome.SOLD_OUT);
    assertThat(GridState.read(cluster.grid()).stockViolations()).isEmpty();
  }

  // --- the buyers ---------------------------------------------------------------------------------------

  private void runBuyers(Supplier<Boolean> done, Duration bound) throws InterruptedException {
    List<Thread> buyers = new ArrayList<>();
    for (int i = 0; i < BUYERS; i++) {
      buyers.add(start("buyer-" + i, () -> {
        while (!done.get()) {
          buyOnce();
        }
      }));
    }
    long deadline = System.nanoTime() + bound.toNanos();
    for (Thread buyer : buyers) {
      buyer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    stop.set(true);
    for (Thread buyer : buyers) {
      buyer.join(30_000);
      assertThat(buyer.isAlive()).as("%s finished", buyer.getName()).isFalse();
    }
  }

  private void buyOnce() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    boolean hot = random.nextBoolean();
    PlaceOrderRequest request = new PlaceOrderRequest(hot ? "hot" : "many",
        hot ? "p0" : "p" + random.nextInt(OTHER_PRODUCTS), "u" + random.nextInt(USERS), 1 + random.nextInt(3));
    String key = random.nextInt(5) == 0 ? "key-" + UUID.randomUUID() : null;

    Placement placed = call("place", () -> liveNode().orders().place(request, key));
    placements.incrementAndGet();
    if (placed == null) {
      return;
    }
    count("place " + placed.outcome());
    switch (placed.outcome()) {
      case CREATED -> afterCreated(request, key, placed.order());
      case SOLD_OUT -> { }
      case INSUFFICIENT_STOCK -> expect(placed.available() > 0 && placed.available() < request.quantity(),
          "INSUFFICIENT_STOCK with available " + placed.available() + " for " + request);
      case LIMIT_EXCEEDED -> expect(placed.limit() == LIMIT && placed.held() + request.quantity() > LIMIT,
          "LIMIT_EXCEEDED with held " + placed.held() + " for " + request);
      case UNAVAILABLE -> expect(inShutdownWindow(System.currentTimeMillis()), "UNAVAILABLE outside the shutdown for " + request);
      default -> violations.add("placement answered " + placed.outcome() + " for " + request);
    }
  }

  private void afterCreated(PlaceOrderRequest request, String key, Order order) {
    answered.put(order.orderId(), new Expectation(order, null, null));
    expect(order.status() == OrderStatus.PENDING && order.userId().equals(request.userId()),
        "created " + order + " for " + request);
    if (key != null) {
      Placement replay = call("replay", () -> liveNode().orders().place(request, key));
      if (replay != null) {
        count("replay " + replay.outcome());
        expect(replay.outcome() == Placement.Outcome.REPLAYED && replay.order().orderId() == order.orderId(),
            "replay of " + order.orderId() + " answered " + replay.outcome() + " " + replay.order());
      }
    }
    int choice = ThreadLocalRandom.current().nextInt(100);
    if (choice < 40) {
      settle(order, "pay", () -> liveNode().orders().pay(OrderId.of(order), true, "ok-" + order.orderId()),
          OrderStatus.CONFIRMED, null);
    } else if (choice < 55) {
      settle(order, "fail", () -> liveNode().orders().pay(OrderId.of(order), false, "ko-" + order.orderId()),
          OrderStatus.CANCELLED, CancelReason.PAYMENT_FAILED);
    } else if (choice < 70) {
      settle(order, "cancel", () -> liveNode().orders().cancel(OrderId.of(order)),
          OrderStatus.CANCELLED, CancelReason.USER_CANCELLED);
    } else {
      answered.put(order.orderId(), new Expectation(order, OrderStatus.CANCELLED, CancelReason.EXPIRED));
      count("left unpaid");
    }
  }

  private void settle(Order order, String what, Supplier<OrderChange> action,
      OrderStatus status, CancelReason reason) {
    OrderChange change = call(what, action);
    if (change == null) {
      return;
    }
    count(what + " " + change.outcome());
    switch (change.outcome()) {
      case APPLIED -> {
        answered.put(order.orderId(), new Expectation(order, status, reason));
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
          OrderChange again = call(what + " again", action);
          expect(again == null || again.outcome() == OrderChange.Outcome.ALREADY_APPLIED && again.order().equals(change.order()),
              "repeating " + what + " of " + order.orderId() + " answered " + again);
        }
      }
      // The payment window (2 s) passed before the call ran: the contract's 409, the order expired.
      case EXPIRED, NOT_PENDING -> {
        expect(change.order().cancelReason() == CancelReason.EXPIRED, what + " of " + order.orderId() + " found " + change.order());
        answered.put(order.orderId(), new Expectation(order, OrderStatus.CANCELLED, CancelReason.EXPIRED));
      }
      default -> violations.add(what + " of " + order.orderId() + " answered " + change.outcome());
    }
  }

  /** Runs one call and waits for it; a failure is allowed only around the shutdown, and is counted. */
  private <T> T call(String what, Supplier<T> action) {
    long startedAt = System.currentTimeMillis();
    try {
      return CompletableFuture.supplyAsync(action, calls).get(30, TimeUnit.SECONDS);
    } catch (Exception failure) {
      long endedAt = System.currentTimeMillis();
      count(what + " failed");
      if (endedAt >= shutdownStartedAt && startedAt <= shutdownWindowEndsAt) {
        failedInShutdown.incrementAndGet();
      } else {
        violations.add(what + " failed outside the shutdown: " + failure);
      }
      return null;
    }
  }

  private FlashSaleNode liveNode() {
    List<FlashSaleNode> members = live;
    return members.get(ThreadLocalRandom.current().nextInt(members.size()));
  }

  private boolean inShutdownWindow(long at) {
    return at >= shutdownStartedAt && at <= shutdownWindowEndsAt;
  }

  private void expect(boolean condition, String violation) {
    if (!condition) {
      violations.add(violation);
    }
  }

  private void count(String outcome) {
    outcomes.computeIfAbsent(outcome, ignored -> new AtomicInteger()).incrementAndGet();
  }

  private static Thread start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Every ledger, read at any instant, keeps its own invariant: no user over the limit, no unit oversold. */
  private void watchLedgers() {
    AtomicLong reads = new AtomicLong();
    while (!stop.get() || reads.get() == 0) {
      try {
        Grid grid = cluster.grid();
        for (Ledger ledger : grid.ledgers().values()) {
          expect(ledger.buyers().values().stream().allMatch(buyer -> buyer.units() <= LIMIT), "a user over the limit: " + ledger.buyers());
          expect(ledger.available() >= 0 && ledger.confirmed() + ledger.pending() <= ledger.total(), "oversold: " + ledger);
        }
        reads.incrementAndGet();
      } catch (IllegalStateException brokenLedger) {
        violations.add("a ledger broke its invariant: " + brokenLedger.getMessage());
      } catch (RuntimeException memberLeaving) {
        // Reads during the shutdown may fail; the next round reads again.
      }
      await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
    }
  }

  // --- the checks -----------------------------------------------------------------------------------------

  /**
   * With no buyer running, the grid adds up at once: every ledger's figures are its orders' units, its index by
   * buyer lists exactly its orders, no user is over the limit. The sweepers keep running, but each of their changes
   * is one ledger's, whole, and the ledgers are the only copy of the orders: there is nothing that may lag.
   */
  private void assertQuiescentStateAddsUp() {
    assertThat(violations).as("what buyers saw with three members").isEmpty();
    GridState state = GridState.read(cluster.grid());
    assertThat(state.stockViolations()).isEmpty();
    assertThat(state.limitViolations()).isEmpty();
    assertThat(state.ordersIn(OrderStatus.PENDING)).as("orders still PENDING make this check meaningful").isPositive();
  }

  /** Runs the sweepers until no unit is pending and no order PENDING (unpaid orders expire). */
  private GridState settleEverythingDue() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
      cluster.sweepAll();
      GridState state = GridState.read(cluster.grid());
      return state.heldUnits() == 0 && state.ordersIn(OrderStatus.PENDING) == 0;
    });
    return GridState.read(cluster.grid());
  }

  /** Invariant 2: every order a buyer was given is in the grid, not voided, in the state the buyer's calls imply. */
  private void assertEveryAnsweredOrderIsThereAsTold(GridState settled) {
    List<String> lost = new ArrayList<>();
    answered.values().forEach(expected -> {
      lost.addAll(settled.missingOrLost(expected.order()));
      Order stored = settled.order(expected.order().orderId()).orElse(null);
      if (stored != null && expected.status() != null
          && (stored.status() != expected.status() || stored.cancelReason() != expected.reason())) {
        lost.add("order " + stored.orderId() + " is " + stored.status() + "/" + stored.cancelReason() + " but the buyer was told "
            + expected.status() + "/" + expected.reason());
      }
    });
    assertThat(lost).as("invariant 2: answered orders").isEmpty();
  }

  private void assertTheRunDidWhatItSays(GridState settled) {
    System.out.printf("cluster test: %d placements, %d orders answered, %d calls failed in the shutdown; outcomes %s%n",
        placements.get(), answered.size(), failedInShutdown.get(), new java.util.TreeMap<>(outcomes));
    assertThat(placements.get()).isGreaterThanOrEqualTo(2_100);
    for (String outcome : List.of("place CREATED", "place SOLD_OUT", "place LIMIT_EXCEEDED", "replay REPLAYED",
        "pay APPLIED", "fail APPLIED", "cancel APPLIED", "left unpaid")) {
      assertThat(outcomes.get(outcome)).as("the run saw '%s'", outcome).isNotNull();
    }
    assertThat(settled.ordersIn(OrderStatus.CONFIRMED)).isPositive();
    assertThat(settled.orders().values()).anyMatch(order -> order.cancelReason() == CancelReason.EXPIRED);
  }
}
