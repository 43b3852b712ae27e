package com.flashsale.node.member;

/** The names of every distributed structure, in one place; {@code config/hazelcast.yaml} configures them. */
public final class MapNames {
  /** saleId → {@code Sale}. Small, read on every request: near-cached on each member. */
  public static final String SALES = "sales";
  /** {@code ProductKey} → {@code Stock}: the live figures, changed only by entry processors. */
  public static final String STOCK = "stock";
  /** {@code HoldingKey} → {@code Holding}: each user's share of the per-user limit, per product. */
  public static final String HOLDINGS = "holdings";
  /** orderId → {@code Order}. */
  public static final String ORDERS = "orders";
  /** Idempotency-Key → {@code IdempotencyRecord}; entries live 25 hours. */
  public static final String IDEMPOTENCY = "idempotency";
  /** "last" → the JSON report of the last reconciliation run, whichever member ran it. */
  public static final String RECONCILIATION = "reconciliation";
  /** The FlakeIdGenerator that numbers orders. */
  public static final String ORDER_IDS = "order-ids";

  private MapNames() {}
}
