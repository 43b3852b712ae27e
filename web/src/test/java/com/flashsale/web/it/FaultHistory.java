package com.flashsale.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the clients of a fault run did and were told, and when: one {@link Op} per request (its kind, the
 * member it went to, its inputs, its start and end on the host's clock, its status and body), and one
 * {@link Fault} per fault the nemesis injected. The clock is the host's wall clock in milliseconds, the same
 * clock the members' cluster time derives from (they run on this machine), so the history's resolution is a
 * few milliseconds plus the cluster clock's drift.
 */
final class FaultHistory {

  /** What a request asked for. */
  enum Kind { PLACE, REPLAY, PAY, FAIL_PAYMENT, CANCEL }

  /**
   * One request and its answer; {@code status} is -1 when none came (timeout, refused, reset).
   * {@code orderId} is the order the request named or, for a placement answered 2xx, the one it got.
   */
  record Op(long id, Kind kind, String member, String saleId, String productId, String userId, int quantity,
      String key, String orderId, long start, long end, int status, String error, String body) {

    boolean answered() {
      return status >= 0;
    }

    boolean succeeded() {
      return status >= 200 && status < 300;
    }

    /** The outcome is unknown: no answer, or a 5xx (the grid may have applied the write before it failed). */
    boolean indeterminate() {
      return !answered() || status >= 500;
    }

    /** A placement or replay that the client was told created or returned its order. */
    boolean acknowledgedOrder() {
      return (kind == Kind.PLACE || kind == Kind.REPLAY) && succeeded() && orderId != null;
    }

    /** A settlement that may have returned the order's units (cancel or failed payment, not known to have failed). */
    boolean mayReleaseUnits() {
      return (kind == Kind.CANCEL || kind == Kind.FAIL_PAYMENT) && (succeeded() || indeterminate());
    }

    @Override
    public String toString() {
      return "#" + id + " " + kind + " via " + member + " " + saleId + "/" + productId + " user " + userId + " x"
          + quantity + (orderId == null ? "" : " order " + orderId) + " [" + start + ".." + end + "] -> "
          + (answered() ? status + (error.isEmpty() ? "" : " " + error) : "no answer");
    }
  }

  /** A fault the nemesis held on {@code member} from {@code start} to {@code end} (host milliseconds). */
  record Fault(String kind, String member, long start, long end) {

    boolean covers(Op op) {
      return op.start() >= start && op.end() <= end;
    }
  }

  static final String PARTITION = "partition";

  private final AtomicLong ids = new AtomicLong();
  private final List<Op> ops = Collections.synchronizedList(new ArrayList<>());
  private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());

  /** Records a request sent at {@code start} and the reply that ended it now. */
  Op record(Kind kind, MemberProcess member, String saleId, String productId, String userId, int quantity, String key,
      String orderId, long start, Http.Reply reply) {
    long end = System.currentTimeMillis();
    String body = reply.answered() ? reply.body() : String.valueOf(reply.failure());
    String answeredOrder = orderId;
    if (orderId == null && reply.answered() && reply.status() / 100 == 2 && body.startsWith("{")) {
      JsonNode json = reply.json();
      answeredOrder = json.path("orderId").asText(null);
    }
    Op op = new Op(ids.incrementAndGet(), kind, member.name(), saleId, productId, userId, quantity, key, answeredOrder,
        start, end, reply.status(), reply.error(), body);
    ops.add(op);
    return op;
  }

  void fault(String kind, String member, long start, long end) {
    faults.add(new Fault(kind, member, start, end));
  }

  List<Op> ops() {
    synchronized (ops) {
      return List.copyOf(ops);
    }
  }

  List<Fault> faults() {
    synchronized (faults) {
      return List.copyOf(faults);
    }
  }

  /** Writes the history as text, one request or fault per line, for a person reading a failed run. */
  void writeTo(Path file) {
    List<String> lines = new ArrayList<>();
    faults().forEach(fault -> lines.add("FAULT " + fault));
    ops().forEach(op -> lines.add(op + " " + (op.body() == null ? "" : op.body().replace('\n', ' '))));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }
}
