package com.flashsale.web.it;

import com.flashsale.web.it.FaultHistory.Fault;
import com.flashsale.web.it.FaultHistory.Kind;
import com.flashsale.web.it.FaultHistory.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Judges a fault run from what the clients were told ({@link FaultHistory}) and what the cluster shows once
 * every fault is healed and every unpaid order has expired ({@link Outcome}). Each rule of issue 16 is one
 * method returning its violations, so a unit test can break each rule alone (HistoryCheckerTest).
 *
 * <p>Times are the history's (host milliseconds); {@code resolution} is how far two of them may disagree about
 * order (the history's clock against the cluster's); {@code takeover} is how soon after a cut the other side may
 * declare the cut-off member dead and take over its partitions (the heartbeat timeout less one heartbeat).
 */
final class HistoryChecker {

  /** An order as the cluster shows it at the end: {@code status} is {@code STATUS[:CANCEL_REASON]}. */
  record FinalOrder(String orderId, String saleId, String productId, String userId, int quantity, String status,
      long updatedAt) {

    boolean holdsUnits() {
      return status.equals("PENDING") || status.equals("CONFIRMED");
    }
  }

  /** A product's figures at the end. */
  record FinalProduct(String saleId, String productId, int stock, int available) {}

  /** A sale created with a window the run crosses: placements must follow it on cluster time. */
  record SaleWindow(String saleId, long startsAt, long endsAt) {}

  /**
   * The end state: every order of the run's users (one member's listing), each acknowledged order as each
   * member reads it by id ({@code null} when that read did not answer 200), every product.
   */
  record Outcome(Map<String, FinalOrder> orders, Map<String, Map<String, String>> readsByMember,
      List<FinalProduct> products) {}

  private final List<Op> ops;
  private final List<Fault> faults;
  private final Outcome outcome;
  private final int perUserLimit;
  private final List<SaleWindow> windows;
  private final long resolution;
  private final long takeover;

  HistoryChecker(List<Op> ops, List<Fault> faults, Outcome outcome, int perUserLimit, List<SaleWindow> windows,
      long resolution, long takeover) {
    this.ops = ops.stream().sorted(Comparator.comparingLong(Op::start)).toList();
    this.faults = faults;
    this.outcome = outcome;
    this.perUserLimit = perUserLimit;
    this.windows = windows;
    this.resolution = resolution;
    this.takeover = takeover;
  }

  /** Every violation of every rule, each prefixed by its rule. */
  List<String> violations() {
    List<String> all = new ArrayList<>();
    all.addAll(unitsSoldTwice());
    all.addAll(acknowledgedOrdersLost());
    all.addAll(usersOverTheLimit());
    all.addAll(acknowledgedOrdersNotReadable());
    all.addAll(refusalsBeforeALaterSale());
    all.addAll(minorityAnswersOtherThan503());
    all.addAll(salesOutsideTheWindow());
    return all;
  }

  /**
   * No unit sold twice: per product, {@code stock == available + pending + confirmed} with nothing negative, and
   * one idempotency key never names two orders.
   */
  List<String> unitsSoldTwice() {
    List<String> violations = new ArrayList<>();
    Map<String, Integer> held = new HashMap<>();
    outcome.orders().values().stream().filter(FinalOrder::holdsUnits)
        .forEach(order -> held.merge(order.saleId() + "/" + order.productId(), order.quantity(), Integer::sum));
    for (FinalProduct product : outcome.products()) {
      int sold = held.getOrDefault(product.saleId() + "/" + product.productId(), 0);
      if (product.available() < 0 || product.available() + sold != product.stock()) {
        violations.add("sold twice: " + product.saleId() + "/" + product.productId() + " stock " + product.stock()
            + " != available " + product.available() + " + held " + sold);
      }
    }
    Map<String, String> orderOfKey = new HashMap<>();
    for (Op op : ops) {
      if (op.acknowledgedOrder() && op.key() != null) {
        String first = orderOfKey.putIfAbsent(op.key(), op.orderId());
        if (first != null && !first.equals(op.orderId())) {
          violations.add("sold twice: key " + op.key() + " answered orders " + first + " and " + op.orderId() + " (" + op + ")");
        }
      }
    }
    return violations;
  }

  /**
   * No acknowledged order lost: every order a placement or replay was answered with exists at the end, in a
   * status the answers allow (a payment answered CONFIRMED stays CONFIRMED, a cancel answered stays cancelled,
   * an order nobody settled may only have expired; an unanswered settlement allows its intended status).
   */
  List<String> acknowledgedOrdersLost() {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Set<String>> allowed : allowedStatuses().entrySet()) {
      FinalOrder order = outcome.orders().get(allowed.getKey());
      if (order == null) {
        violations.add("lost: acknowledged order " + allowed.getKey() + " is not among the users' orders");
      } else if (!allowed.getValue().contains(order.status())) {
        violations.add("lost: order " + order.orderId() + " ended " + order.status() + " where the answers allow "
            + allowed.getValue());
      }
    }
    return violations;
  }

  /** Per acknowledged order, the final statuses the clients' answers allow, replayed in the order they ended. */
  private Map<String, Set<String>> allowedStatuses() {
    Map<String, Set<String>> allowed = new LinkedHashMap<>();
    ops.stream().filter(Op::acknowledgedOrder)
        .forEach(op -> allowed.computeIfAbsent(op.orderId(), id -> new HashSet<>(Set.of("PENDING", "CANCELLED:EXPIRED"))));
    ops.stream().filter(op -> op.kind() == Kind.PAY || op.kind() == Kind.FAIL_PAYMENT || op.kind() == Kind.CANCEL)
        .filter(op -> allowed.containsKey(op.orderId()))
        .sorted(Comparator.comparingLong(Op::end))
        .forEach(op -> {
          Set<String> possible = allowed.get(op.orderId());
          if (op.status() == 200) {
            possible.clear();
            possible.add(statusIn(op.body()));
          } else if (op.indeterminate()) {
            possible.add(intended(op.kind()));
          }
        });
    return allowed;
  }

  private static String intended(Kind kind) {
    return switch (kind) {
      case PAY -> "CONFIRMED";
      case FAIL_PAYMENT -> "CANCELLED:PAYMENT_FAILED";
      case CANCEL -> "CANCELLED:USER_CANCELLED";
      default -> throw new IllegalArgumentException(kind + " is not a settlement");
    };
  }

  private static String statusIn(String body) {
    try {
      return Ledger.statusOf(Http.JSON.readTree(body));
    } catch (IOException notJson) {
      return "UNREADABLE";
    }
  }

  /** No user over the limit: at the end, a user's PENDING + CONFIRMED units of a product are at most the limit. */
  List<String> usersOverTheLimit() {
    Map<String, Integer> held = new HashMap<>();
    outcome.orders().values().stream().filter(FinalOrder::holdsUnits).forEach(order ->
        held.merge(order.userId() + " on " + order.saleId() + "/" + order.productId(), order.quantity(), Integer::sum));
    return held.entrySet().stream().filter(entry -> entry.getValue() > perUserLimit)
        .map(entry -> "over the limit: " + entry.getKey() + " holds " + entry.getValue() + " units, limit " + perUserLimit)
        .toList();
  }

  /** Every order answered 201 (or 200 on replay) reads back after the heal, on every member, with one status. */
  List<String> acknowledgedOrdersNotReadable() {
    List<String> violations = new ArrayList<>();
    Set<String> acknowledged = new HashSet<>();
    ops.stream().filter(Op::acknowledgedOrder).forEach(op -> acknowledged.add(op.orderId()));
    outcome.readsByMember().forEach((member, reads) -> {
      for (String orderId : acknowledged) {
        String read = reads.get(orderId);
        FinalOrder listed = outcome.orders().get(orderId);
        if (read == null) {
          violations.add("not readable: order " + orderId + " does not read back on " + member);
        } else if (listed != null && !read.equals(listed.status())) {
          violations.add("not readable: order " + orderId + " reads " + read + " on " + member + " but is listed "
              + listed.status());
        }
      }
    });
    return violations;
  }

  /**
   * Per product, no SOLD_OUT (or INSUFFICIENT_STOCK) answers a request that arrived more than the resolution
   * before a request that then got 201 for as many units, unless units may have come back in between: an order
   * of the product cancelled or expired then (its final {@code updatedAt}), or a cancel or failed payment of it
   * whose outcome the client does not know. "Arrived before" is read as "was answered before the other was
   * sent": a slow link or an invocation retry can hold a request for seconds between its start and the ledger,
   * so only a refusal answered before the sale was even asked for proves the order of the two.
   */
  List<String> refusalsBeforeALaterSale() {
    List<String> violations = new ArrayList<>();
    Map<String, List<Op>> createdByProduct = new HashMap<>();
    ops.stream().filter(op -> op.kind() == Kind.PLACE && op.status() == 201)
        .forEach(op -> createdByProduct.computeIfAbsent(product(op), key -> new ArrayList<>()).add(op));
    for (Op refused : ops) {
      boolean soldOut = "SOLD_OUT".equals(refused.error());
      if (refused.kind() != Kind.PLACE || !(soldOut || "INSUFFICIENT_STOCK".equals(refused.error()))) {
        continue;
      }
      createdByProduct.getOrDefault(product(refused), List.of()).stream()
          .filter(created -> created.start() > refused.end() + resolution)
          .filter(created -> soldOut || created.quantity() >= refused.quantity())
          .findFirst()
          .filter(created -> !unitsMayHaveComeBack(product(refused), refused.start() - resolution, created.end() + resolution))
          .ifPresent(created -> violations.add("refused too early: " + refused + " arrived before " + created
              + " and no unit came back in between"));
    }
    return violations;
  }

  private boolean unitsMayHaveComeBack(String product, long from, long to) {
    boolean released = outcome.orders().values().stream()
        .anyMatch(order -> (order.saleId() + "/" + order.productId()).equals(product)
            && order.status().startsWith("CANCELLED") && order.updatedAt() >= from && order.updatedAt() <= to);
    return released || ops.stream().anyMatch(op -> op.mayReleaseUnits() && op.indeterminate()
        && product(op).equals(product) && op.start() <= to && op.end() >= from);
  }

  private static String product(Op op) {
    return op.saleId() + "/" + op.productId();
  }

  /**
   * The minority side answers 503, never a wrong 201. A request sent to a member while it was cut off from the
   * others, and answered before the heal, must not be told that anything changed (a placement 201, a settlement
   * 200) at any time: its backups cannot be acknowledged. Any other answer but 503 (a refusal, a replay) is
   * allowed only until the other side may take over the member's partitions ({@code takeover} after the cut):
   * until then the member still owns them, nothing elsewhere can change them, and a refusal read from them is
   * true. From then on it may be stale, and only 503 (or no answer) is right.
   */
  List<String> minorityAnswersOtherThan503() {
    List<String> violations = new ArrayList<>();
    for (Fault fault : faults) {
      if (fault.kind().equals(FaultHistory.PARTITION)) {
        ops.stream().filter(op -> cutOffAnswer(fault, op))
            .filter(op -> changed(op) || op.end() > fault.start() + takeover)
            .forEach(op -> violations.add("minority answered: " + op + " while " + fault.member() + " was cut off"));
      }
    }
    return violations;
  }

  /** Refusals and replays the cut-off member answered before the other side could take over: true, and allowed. */
  long minorityRefusalsBeforeTakeover() {
    return faults.stream().filter(fault -> fault.kind().equals(FaultHistory.PARTITION))
        .mapToLong(fault -> ops.stream().filter(op -> cutOffAnswer(fault, op))
            .filter(op -> !changed(op) && op.end() <= fault.start() + takeover).count())
        .sum();
  }

  private static boolean cutOffAnswer(Fault fault, Op op) {
    return op.member().equals(fault.member()) && fault.covers(op) && op.answered() && op.status() != 503;
  }

  /** The member told the client that something changed: an order placed, or a payment or cancel applied. */
  private static boolean changed(Op op) {
    return op.kind() == Kind.PLACE ? op.status() == 201 : op.kind() != Kind.REPLAY && op.succeeded();
  }

  /**
   * The sale window holds on cluster time, whatever the clock of the member that took the request: no 201 for
   * a request answered before the start or sent after the end, and no SALE_NOT_ACTIVE for one sent and answered
   * well inside the window.
   */
  List<String> salesOutsideTheWindow() {
    List<String> violations = new ArrayList<>();
    for (SaleWindow window : windows) {
      ops.stream().filter(op -> op.kind() == Kind.PLACE && Objects.equals(op.saleId(), window.saleId())).forEach(op -> {
        if (op.status() == 201 && (op.end() < window.startsAt() - resolution || op.start() > window.endsAt() + resolution)) {
          violations.add("outside the window: " + op + " got 201 outside [" + window.startsAt() + ", " + window.endsAt() + ")");
        }
        if ("SALE_NOT_ACTIVE".equals(op.error()) && op.start() > window.startsAt() + resolution
            && op.end() < window.endsAt() - resolution) {
          violations.add("outside the window: " + op + " refused inside [" + window.startsAt() + ", " + window.endsAt() + ")");
        }
      });
    }
    return violations;
  }
}
