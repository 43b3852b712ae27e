package com.flashsale.node.service;

/**
 * A shopper's request to buy {@code quantity} units of a product of a sale, already validated by the edge;
 * {@code admission} is the waiting room's admission token ({@code X-Admission}), null without one.
 */
public record PlaceOrderRequest(String saleId, String productId, String userId, int quantity, String admission) {

  public PlaceOrderRequest(String saleId, String productId, String userId, int quantity) {
    this(saleId, productId, userId, quantity, null);
  }

  /**
   * What identifies the request for {@code Idempotency-Key} replays: the same key must carry the same request.
   * The admission token is left out: a replay of a placement that used its admission carries the same token,
   * and the order it returns is what matters.
   */
  public String fingerprint() {
    return saleId + '\n' + productId + '\n' + userId + '\n' + quantity;
  }
}
