package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The steps and checks the ITs share: create an active sale, read every order of a set of users, and the
 * contract's invariants computed from what the API shows.
 */
final class Shop {

  private Shop() {}

  static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates an active sale of {@code products} (id to stock) through the operator API; returns its id. */
  static String createSale(int port, Map<String, Integer> products, int perUserLimit, int paymentWindowSeconds) {
    return createSale("127.0.0.1", port, products, perUserLimit, paymentWindowSeconds,
        Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(2, ChronoUnit.HOURS));
  }

  /** Creates a sale open from {@code startsAt} to {@code endsAt} (whole seconds) through the member at {@code host}. */
  static String createSale(String host, int port, Map<String, Integer> products, int perUserLimit,
      int paymentWindowSeconds, Instant startsAt, Instant endsAt) {
    String saleId = newId("sale");
    ObjectNode sale = Http.JSON.createObjectNode()
        .put("saleId", saleId).put("name", "IT sale")
        .put("startsAt", startsAt.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("endsAt", endsAt.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("perUserLimit", perUserLimit).put("paymentWindowSeconds", paymentWindowSeconds);
    ArrayNode list = sale.putArray("products");
    products.forEach((productId, stock) -> list.addObject().put("productId", productId).put("name", productId)
        .put("price", "9.99").put("currency", "EUR").put("stock", stock));
    Http.Reply created = Http.post(host, port, "/api/admin/sales", sale.toString(),
        "Authorization", "Bearer " + ItCluster.ADMIN_TOKEN);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return saleId;
  }

  static String orderBody(String userId, String productId, int quantity) {
    return "{\"userId\":\"" + userId + "\",\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}";
  }

  static Http.Reply place(int port, String saleId, String userId, String productId, int quantity) {
    return place(port, saleId, userId, productId, quantity, UUID.randomUUID().toString());
  }

  /** With a key of the caller's, so that a retry after a lost answer or a 503 takes no more stock. */
  static Http.Reply place(int port, String saleId, String userId, String productId, int quantity,
      String idempotencyKey) {
    return Http.post(port, "/api/sales/" + saleId + "/orders", orderBody(userId, productId, quantity),
        "Idempotency-Key", idempotencyKey);
  }

  static Http.Reply pay(int port, String orderId, boolean succeeded) {
    return Http.post(port, "/api/orders/" + orderId + "/payment",
        "{\"outcome\":\"" + (succeeded ? "SUCCEEDED" : "FAILED") + "\",\"paymentRef\":\"psp-" + orderId + "\"}");
  }

  static Http.Reply cancel(int port, String orderId) {
    return Http.post(port, "/api/orders/" + orderId + "/cancel", null);
  }

  /** Every order of these users, by id, as one member lists them; fails unless every listing answers 200. */
  static Map<String, JsonNode> ordersOf(int port, Iterable<String> users) {
    Map<String, JsonNode> orders = new LinkedHashMap<>();
    for (String user : users) {
      Http.Reply listing = Http.get(port, "/api/users/" + user + "/orders");
      assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
      listing.json().forEach(order -> orders.put(order.path("orderId").asText(), order));
    }
    return orders;
  }

  /** The sale's products by id ({@code stock}, {@code available}), as {@code GET /api/sales/{id}} shows them. */
  static Map<String, JsonNode> products(int port, String saleId) {
    Http.Reply sale = Http.get(port, "/api/sales/" + saleId);
    assertThat(sale.status()).as(sale.toString()).isEqualTo(200);
    Map<String, JsonNode> products = new LinkedHashMap<>();
    sale.json().path("products").forEach(product -> products.put(product.path("productId").asText(), product));
    return products;
  }

  /**
   * The contract's invariants 1 and 3 over what the API shows, as a list of violations (empty when they hold):
   * per product {@code stock == available + pending + confirmed}, each at least 0, and no user holding more
   * than {@code perUserLimit} units of a product. {@code orders} must be every order of the sale.
   */
  static List<String> invariantViolations(Map<String, JsonNode> products, Map<String, JsonNode> orders,
      int perUserLimit) {
    List<String> violations = new ArrayList<>();
    Map<String, Integer> pending = new HashMap<>();
    Map<String, Integer> confirmed = new HashMap<>();
    Map<String, Integer> held = new HashMap<>();
    for (JsonNode order : orders.values()) {
      String product = order.path("productId").asText();
      int units = order.path("quantity").asInt();
      switch (order.path("status").asText()) {
        case "PENDING" -> pending.merge(product, units, Integer::sum);
        case "CONFIRMED" -> confirmed.merge(product, units, Integer::sum);
        default -> {
          continue;
        }
      }
      held.merge(order.path("userId").asText() + "/" + product, units, Integer::sum);
    }
    products.forEach((productId, product) -> {
      int stock = product.path("stock").asInt();
      int available = product.path("available").asInt();
      int pendingUnits = pending.getOrDefault(productId, 0);
      int confirmedUnits = confirmed.getOrDefault(productId, 0);
      if (available < 0 || stock != available + pendingUnits + confirmedUnits) {
        violations.add(productId + ": stock " + stock + " != available " + available + " + pending " + pendingUnits
            + " + confirmed " + confirmedUnits);
      }
    });
    held.forEach((userAndProduct, units) -> {
      if (units > perUserLimit) {
        violations.add(userAndProduct + " holds " + units + " units, over the limit of " + perUserLimit);
      }
    });
    return violations;
  }

  /**
   * Waits until the contract's invariants hold exactly over answers read while the cluster may still be settling
   * after a crash or a join (a listing answered 503 while partitions move is looked at again), checking at every
   * look that no unit is sellable twice.
   */
  static void awaitInvariants(int port, String saleId, Iterable<String> users, int perUserLimit, Duration within) {
    List<String> oversold = new ArrayList<>();
    await("stock == available + pending + confirmed, once leftovers are returned").atMost(within)
        .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
          Map<String, JsonNode> orders = ordersOf(port, users);
          Map<String, JsonNode> products = products(port, saleId);
          oversold.addAll(oversold(products, orders));
          assertThat(invariantViolations(products, orders, perUserLimit)).isEmpty();
        });
    assertThat(oversold).as("units sellable twice at any time").isEmpty();
  }

  /** Never oversold, even while a crash leaves units unavailable: {@code available + pending + confirmed <= stock}. */
  static List<String> oversold(Map<String, JsonNode> products, Map<String, JsonNode> orders) {
    List<String> oversold = new ArrayList<>();
    products.forEach((productId, product) -> {
      int sold = orders.values().stream()
          .filter(order -> order.path("productId").asText().equals(productId))
          .filter(order -> List.of("PENDING", "CONFIRMED").contains(order.path("status").asText()))
          .mapToInt(order -> order.path("quantity").asInt()).sum();
      if (product.path("available").asInt() + sold > product.path("stock").asInt()) {
        oversold.add(productId + ": available " + product.path("available").asInt() + " + sold " + sold
            + " > stock " + product.path("stock").asInt());
      }
    });
    return oversold;
  }

  /** A Prometheus sample's value: the sum over all series of {@code name} whose labels contain every given pair. */
  static double metric(String scrape, String name, String... labelPairs) {
    double sum = 0;
    boolean found = false;
    for (String line : scrape.lines().toList()) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < labelPairs.length; i += 2) {
        matches &= line.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
      }
      if (matches) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }
}
