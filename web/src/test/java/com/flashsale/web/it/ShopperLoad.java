package com.flashsale.web.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many shoppers at once against every member in {@link #targets}: each thread places an order for a random
 * user and product on a random member and settles most of what it got (pays, fails the payment, cancels)
 * on another random member, until {@link #stop()} or its own bound. Every answer is recorded: 201s and
 * settlements in the {@link Ledger}, and any answer the contract does not allow in {@link #violations()}.
 * A request a member never answered (it died or was leaving) is allowed, and so is 503 with Retry-After.
 */
final class ShopperLoad implements AutoCloseable {

  private static final int MAX_ITERATIONS_PER_THREAD = 5_000;
  private static final List<String> REJECTIONS = List.of("SOLD_OUT", "INSUFFICIENT_STOCK", "LIMIT_EXCEEDED");

  final List<MemberProcess> targets = Collections.synchronizedList(new ArrayList<>());
  final Ledger ledger = new Ledger();
  private final String saleId;
  private final List<String> products;
  private final List<String> users;
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopped;

  ShopperLoad(String saleId, List<String> products, List<String> users, List<MemberProcess> members) {
    this.saleId = saleId;
    this.products = products;
    this.users = users;
    targets.addAll(members);
  }

  /** Starts {@code count} shopper threads; each stops on {@link #stop()}, after {@code bound} at the latest. */
  ShopperLoad start(int count, Duration bound) {
    Instant deadline = Instant.now().plus(bound);
    for (int i = 0; i < count; i++) {
      Thread thread = new Thread(() -> shop(deadline), "shopper-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      running.incrementAndGet();
      thread.start();
    }
    return this;
  }

  private void shop(Instant deadline) {
    try {
      for (int i = 0; i < MAX_ITERATIONS_PER_THREAD && !stopped && Instant.now().isBefore(deadline); i++) {
        shopOnce();
      }
    } finally {
      running.decrementAndGet();
    }
  }

  private void shopOnce() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    MemberProcess member = anyTarget();
    if (member == null) {
      return;
    }
    String user = users.get(random.nextInt(users.size()));
    String product = products.get(random.nextInt(products.size()));
    Http.Reply placed = Shop.place(member.httpPort(), saleId, user, product, 1 + random.nextInt(2));
    record("place", placed);
    if (placed.status() == 201) {
      settle(ledger.created(placed.json()).orderId(), random.nextInt(100));
    } else if (placed.answered() && !(placed.status() == 409 && REJECTIONS.contains(placed.error()))
        && !placed.isRetryLater()) {
      violations.add(placed.toString());
    }
  }

  private void settle(String orderId, int dice) {
    MemberProcess member = anyTarget();
    if (member == null || dice >= 75) {
      return;
    }
    Http.Reply answer;
    String intended;
    if (dice < 45) {
      intended = Ledger.CONFIRMED;
      answer = Shop.pay(member.httpPort(), orderId, true);
    } else if (dice < 60) {
      intended = Ledger.PAYMENT_FAILED;
      answer = Shop.pay(member.httpPort(), orderId, false);
    } else {
      intended = Ledger.USER_CANCELLED;
      answer = Shop.cancel(member.httpPort(), orderId);
    }
    record("settle", answer);
    if (answer.answered() && answer.status() >= 500 && !answer.isRetryLater()) {
      violations.add(answer.toString());
    }
    ledger.settled(orderId, intended, answer);
  }

  private void record(String call, Http.Reply reply) {
    String outcome = call + " " + (reply.answered() ? reply.status() + (reply.error().isEmpty() ? "" : " " + reply.error())
        : reply.refused() ? "refused" : "no answer");
    outcomes.computeIfAbsent(outcome, key -> new LongAdder()).increment();
  }

  private MemberProcess anyTarget() {
    synchronized (targets) {
      return targets.isEmpty() ? null : targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
    }
  }

  /** Calls answered outside the contract (a 5xx other than 503 with Retry-After, an unexpected rejection). */
  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /** How many calls ended how, e.g. {@code "place 201"}, {@code "settle refused"}. */
  Map<String, Long> outcomes() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
    return counts;
  }

  long count(String outcome) {
    LongAdder count = outcomes.get(outcome);
    return count == null ? 0 : count.sum();
  }

  /** Stops every shopper and waits for the calls in flight (each is bounded by the client's timeout). */
  void stop() {
    stopped = true;
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
