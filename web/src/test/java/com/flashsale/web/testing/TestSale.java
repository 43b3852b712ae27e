package com.flashsale.web.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A sale definition as an operator posts it, built up by a test: {@code TestSale.active().product("tee", "19.99", 10)}.
 * Ids are fresh per instance; fields not set are left out so that the server's defaults apply.
 */
public final class TestSale {

  private final ObjectNode body = JsonNodeFactory.instance.objectNode();
  private final ArrayNode products = JsonNodeFactory.instance.arrayNode();

  private TestSale(Instant startsAt, Instant endsAt) {
    body.put("saleId", Api.newId("sale"));
    body.put("name", "Test sale");
    body.put("startsAt", startsAt.truncatedTo(ChronoUnit.SECONDS).toString());
    body.put("endsAt", endsAt.truncatedTo(ChronoUnit.SECONDS).toString());
    body.set("products", products);
  }

  /** Started a minute ago, ends in an hour. */
  public static TestSale active() {
    Instant now = Instant.now();
    return new TestSale(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));
  }

  /** Started a minute ago, ends {@code delay} from now (to the second, rounded down). */
  public static TestSale endsIn(Duration delay) {
    Instant now = Instant.now();
    return new TestSale(now.minus(Duration.ofMinutes(1)), now.plus(delay));
  }

  /** Starts in an hour. */
  public static TestSale upcoming() {
    Instant now = Instant.now();
    return new TestSale(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
  }

  /** Its window closed an hour ago. */
  public static TestSale ended() {
    Instant now = Instant.now();
    return new TestSale(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
  }

  public TestSale product(String productId, String price, int stock) {
    ObjectNode product = products.addObject();
    product.put("productId", productId);
    product.put("name", "Product " + productId);
    product.put("description", "A product of a test sale");
    product.put("price", price);
    product.put("currency", "EUR");
    product.put("stock", stock);
    return this;
  }

  public TestSale perUserLimit(int limit) {
    body.put("perUserLimit", limit);
    return this;
  }

  public TestSale paymentWindowSeconds(int seconds) {
    body.put("paymentWindowSeconds", seconds);
    return this;
  }

  /** Shoppers queue in a waiting room (contract v2). */
  public TestSale waitingRoom(int admitPerSecond, int admissionSeconds) {
    ObjectNode room = body.putObject("waitingRoom");
    room.put("admitPerSecond", admitPerSecond);
    room.put("admissionSeconds", admissionSeconds);
    return this;
  }

  /** Opens {@code delay} from now (the queue forms before), ends in an hour. */
  public static TestSale opensIn(Duration delay) {
    Instant now = Instant.now();
    return new TestSale(now.plus(delay), now.plus(Duration.ofHours(1)));
  }

  public String saleId() {
    return body.path("saleId").asText();
  }

  /** The JSON document, for tests that post it (or a tampered copy) themselves. */
  public ObjectNode body() {
    return body;
  }

  public String toJson() {
    return body.toString();
  }
}
