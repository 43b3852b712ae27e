package com.flashsale.node.member;

/** The names of every distributed structure, in one place; {@code config/hazelcast.yaml} configures them. */
public final class MapNames {
  /** saleId → {@code Sale}. Small, read on every request: near-cached on each member. */
  public static final String SALES = "sales";
  /**
   * {@code ProductKey} → {@code Ledger}: everything a placement decides for one product (units, window, the
   * product's orders), changed only by ledger entry processors; written behind to PostgreSQL.
   */
  public static final String LEDGERS = "ledgers";
  /**
   * orderId → {@code Order}: the read side (orders by id, queried by user), projected from the ledgers by the
   * call that changed them; loaded from PostgreSQL after a restart, never written to it.
   */
  public static final String ORDERS = "orders";
  /**
   * Idempotency-Key → {@code IdempotencyRecord}; entries live 25 hours. Persisted only inside the order it
   * created (the order's row), and loaded from there after a restart.
   */
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
