package com.flashsale.web.it;

import com.flashsale.web.it.FaultHistory.Kind;
import com.flashsale.web.it.FaultHistory.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The clients of a fault run: threads that place orders through every member (the cut-off, slow and skewed ones
 * included: that is the point), replay some with their Idempotency-Key, retry a placement that got no answer or
 * 503 once on another member under the same key, as a careful client would, and settle most orders (pay, fail
 * the payment, cancel) while leaving the rest to expire. Every request goes into the {@link FaultHistory}.
 * {@link #members} is live: the harness swaps a restarted member in at its index.
 */
final class FaultWorkload {

  /** A sale the clients buy from, with its products. */
  record Target(String saleId, List<String> products) {}

  final List<MemberProcess> members;
  private final FaultHistory history;
  private final List<String> users;
  private final Target main;
  private volatile Target windowed;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  FaultWorkload(FaultHistory history, List<MemberProcess> members, Target main, List<String> users) {
    this.history = history;
    this.members = new CopyOnWriteArrayList<>(members);
    this.main = main;
    this.users = users;
  }

  /** From now on a third of the placements go to {@code target} (a sale whose window the run crosses). */
  void alsoBuyFrom(Target target) {
    windowed = target;
  }

  FaultWorkload start(int clients) {
    for (int i = 0; i < clients; i++) {
      Thread thread = Thread.ofPlatform().daemon().name("fault-client-" + i).start(this::run);
      threads.add(thread);
    }
    return this;
  }

  private void run() {
    while (!stopped) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      Target window = windowed;
      Target target = window != null && random.nextInt(3) == 0 ? window : main;
      shopOnce(target, users.get(random.nextInt(users.size())),
          target.products().get(random.nextInt(target.products().size())), 1 + random.nextInt(2));
    }
  }

  private void shopOnce(Target target, String user, String product, int quantity) {
    String key = UUID.randomUUID().toString();
    Op placed = place(Kind.PLACE, target, user, product, quantity, key);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (!placed.answered()) {
      // A client backs off from a member that refused or dropped the connection, instead of spinning on it.
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    if (placed.indeterminate() || (placed.acknowledgedOrder() && random.nextInt(10) == 0)) {
      Op replayed = place(Kind.REPLAY, target, user, product, quantity, key);
      placed = placed.acknowledgedOrder() ? placed : replayed;
    }
    if (placed.acknowledgedOrder()) {
      settle(placed, random.nextInt(100));
    }
  }

  private Op place(Kind kind, Target target, String user, String product, int quantity, String key) {
    MemberProcess member = anyMember();
    long start = System.currentTimeMillis();
    Http.Reply reply = Http.post(member.host(), member.httpPort(), "/api/sales/" + target.saleId() + "/orders",
        Shop.orderBody(user, product, quantity), "Idempotency-Key", key);
    return history.record(kind, member, target.saleId(), product, user, quantity, key, null, start, reply);
  }

  /** 40% paid, 15% payment failed, 15% cancelled, 30% left to expire. */
  private void settle(Op placed, int dice) {
    if (dice >= 70) {
      return;
    }
    Kind kind = dice < 40 ? Kind.PAY : dice < 55 ? Kind.FAIL_PAYMENT : Kind.CANCEL;
    MemberProcess member = anyMember();
    String orderId = placed.orderId();
    long start = System.currentTimeMillis();
    Http.Reply reply = switch (kind) {
      case PAY, FAIL_PAYMENT -> Http.post(member.host(), member.httpPort(), "/api/orders/" + orderId + "/payment",
          "{\"outcome\":\"" + (kind == Kind.PAY ? "SUCCEEDED" : "FAILED") + "\",\"paymentRef\":\"psp-" + orderId + "\"}");
      default -> Http.post(member.host(), member.httpPort(), "/api/orders/" + orderId + "/cancel", null);
    };
    history.record(kind, member, placed.saleId(), placed.productId(), placed.userId(), placed.quantity(), null, orderId,
        start, reply);
  }

  private MemberProcess anyMember() {
    return members.get(ThreadLocalRandom.current().nextInt(members.size()));
  }

  /** Stops the clients and waits for the requests in flight (each bounded by the HTTP client's timeout). */
  void stop() {
    stopped = true;
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
