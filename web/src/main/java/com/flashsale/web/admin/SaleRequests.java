package com.flashsale.web.admin;

import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.WaitingRoom;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.JsonObject;
import com.flashsale.web.http.StorableInput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads an operator's sale definition, checking everything the grid relies on before anything is stored. */
final class SaleRequests {

  static final int MAX_PRODUCTS = 100_000;

  private SaleRequests() {}

  static Sale parse(JsonObject body) {
    String saleId = body.id("saleId");
    String name = body.name("name", 200);
    Instant startsAt = body.instant("startsAt").truncatedTo(ChronoUnit.MILLIS);
    Instant endsAt = body.instant("endsAt").truncatedTo(ChronoUnit.MILLIS);
    if (!endsAt.isAfter(startsAt)) {
      throw ApiError.invalid("endsAt must be after startsAt");
    }
    int perUserLimit = body.integer("perUserLimit", 1, 1_000_000, 1);
    int paymentWindowSeconds = body.integer("paymentWindowSeconds", 0, 86_400, 300);
    // Every order's expiresAt is its placement plus the window, and placements stop at endsAt: checking the
    // latest of them here keeps every derived deadline storable without a check on the hot path.
    StorableInput.derivedInstant("endsAt + paymentWindowSeconds", endsAt, paymentWindowSeconds);
    List<Product> products = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonObject product : body.objects("products", 1, MAX_PRODUCTS)) {
      java.util.Currency currency = product.currency("currency");
      Product parsed = new Product(product.id("productId"), product.name("name", 200),
          product.optionalText("description", null, 4000), product.money("price", currency),
          currency.getCurrencyCode(), product.integer("stock", 0, 1_000_000_000, null));
      if (!seen.add(parsed.productId())) {
        throw ApiError.invalid("productId " + parsed.productId() + " appears twice");
      }
      products.add(parsed);
    }
    return Sale.create(saleId, name, startsAt, endsAt, perUserLimit, paymentWindowSeconds, products)
        .withWaitingRoom(waitingRoom(body));
  }

  /** The operator's {@code "waitingRoom": {admitPerSecond, admissionSeconds = 60}}, or null for none. */
  private static WaitingRoom waitingRoom(JsonObject body) {
    JsonObject room = body.optionalObject("waitingRoom");
    if (room == null) {
      return null;
    }
    return new WaitingRoom(room.integer("admitPerSecond", 1, 1_000_000, null),
        room.integer("admissionSeconds", 1, 86_400, WaitingRoom.DEFAULT_ADMISSION_SECONDS));
  }

  /**
   * The operator's {@code "requireChallenge"} (default false): placing an order then needs a solved
   * proof-of-work challenge. Stored with the sale ({@code Sale.requireChallenge}).
   */
  static boolean requiresChallenge(JsonObject body) {
    return body.optionalBoolean("requireChallenge", false);
  }
}
