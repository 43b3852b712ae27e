package com.flashsale.node.service;

/** A shopper's request to buy {@code quantity} units of a product of a sale, already validated by the edge. */
public record PlaceOrderRequest(String saleId, String productId, String userId, int quantity) {

  /** What identifies the request for {@code Idempotency-Key} replays: the same key must carry the same request. */
  public String fingerprint() {
    return saleId + '\n' + productId + '\n' + userId + '\n' + quantity;
  }
}
