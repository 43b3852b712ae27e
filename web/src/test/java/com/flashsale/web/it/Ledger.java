package com.flashsale.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.ProductKey;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the clients were told, order by order: an order answered 201 starts PENDING; a payment or cancel
 * answered 200 fixes its status; one whose answer never came (member died, 503) leaves both the old and
 * the intended status possible. Statuses read as {@code STATUS[:CANCEL_REASON]}.
 */
final class Ledger {

  static final String PENDING = "PENDING";
  static final String CONFIRMED = "CONFIRMED";
  static final String PAYMENT_FAILED = "CANCELLED:PAYMENT_FAILED";
  static final String USER_CANCELLED = "CANCELLED:USER_CANCELLED";

  /** One order as the client knows it. */
  record Entry(String orderId, String userId, String productId, int quantity, Set<String> possible) {}

  private final Map<String, Entry> orders = new ConcurrentHashMap<>();
  private final List<String> contradictions = Collections.synchronizedList(new java.util.ArrayList<>());

  static String statusOf(JsonNode order) {
    String reason = order.path("cancelReason").asText("");
    return order.path("status").asText() + (reason.isEmpty() || "null".equals(reason) ? "" : ":" + reason);
  }

  /**
   * Records a placement answered 201. Its id must name its product's shard ({@link OrderId}): that is where a read
   * by id looks for the order.
   */
  Entry created(JsonNode order) {
    Entry entry = new Entry(order.path("orderId").asText(), order.path("userId").asText(),
        order.path("productId").asText(), order.path("quantity").asInt(), ConcurrentHashMap.newKeySet());
    entry.possible().add(statusOf(order));
    if (!PENDING.equals(statusOf(order))) {
      contradictions.add("order " + entry.orderId() + " was created " + statusOf(order) + ", not PENDING");
    }
    int shard = new ProductKey(order.path("saleId").asText(), entry.productId()).shard();
    if (OrderId.parse(entry.orderId()).filter(id -> id.shard() == shard).isEmpty()) {
      contradictions.add("order " + entry.orderId() + " does not name the shard " + shard + " of its product");
    }
    orders.put(entry.orderId(), entry);
    return entry;
  }

  /** Records the answer to a payment or cancel that meant to move the order to {@code intended}. */
  void settled(String orderId, String intended, Http.Reply reply) {
    Entry entry = orders.get(orderId);
    if (reply.status() == 200) {
      String now = statusOf(reply.json());
      if (!now.equals(intended)) {
        contradictions.add(reply + " answered " + now + " where " + intended + " was asked for");
      }
      entry.possible().clear();
      entry.possible().add(now);
    } else if (reply.status() == 409 && "ORDER_NOT_PENDING".equals(reply.error())) {
      contradictions.add(reply + ": the order was not PENDING though nobody else changed it");
    } else if (!reply.answered() || reply.status() >= 500) {
      entry.possible().add(intended);
    } else {
      contradictions.add(reply + ": an answer the contract does not give to this call");
    }
  }

  Map<String, Entry> orders() {
    return orders;
  }

  /** Orders the client was told are CONFIRMED (a payment answered 200). */
  Set<String> confirmed() {
    return orders.values().stream().filter(entry -> entry.possible().equals(Set.of(CONFIRMED)))
        .map(Entry::orderId).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Orders that may be CONFIRMED: told so, or a payment whose answer never came. */
  Set<String> possiblyConfirmed() {
    return orders.values().stream().filter(entry -> entry.possible().contains(CONFIRMED))
        .map(Entry::orderId).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Answers that contradict each other or the contract; empty in a correct run. */
  List<String> contradictions() {
    return contradictions;
  }
}
