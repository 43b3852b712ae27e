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
  /**
   * random id → {@code PlacementEvent}: rejections and "last unit taken" marks, written fire-and-forget by
   * the placement path for the statistics job, which reads the map's event journal. Entries live 30 s.
   */
  public static final String PLACEMENT_EVENTS = "placement-events";
  /** saleId → {@code SaleStats}: the statistics job's latest figures per sale. */
  public static final String SALE_STATS = "sale-stats";
  /** The name of the streaming Jet job that maintains {@link #SALE_STATS}: one per cluster. */
  public static final String SALE_STATISTICS_JOB = "sale-statistics";
  /** The FlakeIdGenerator that numbers orders. */
  public static final String ORDER_IDS = "order-ids";

  private MapNames() {}
}
