package com.flashsale.node.member;

import java.util.List;

/** The names of every distributed structure, in one place; {@code config/hazelcast.yaml} configures them. */
public final class MapNames {
  /** saleId → {@code Sale}. Small, read on every request: near-cached on each member. */
  public static final String SALES = "sales";
  /**
   * {@code ProductKey} → {@code Ledger}: everything a placement decides for one product (units, window, the
   * product's orders), changed only by ledger entry processors; written behind to PostgreSQL. Orders are read
   * here too, by id and by user: the grid keeps no other copy of them.
   */
  public static final String LEDGERS = "ledgers";
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
  /** The executor on which every member sums its own ledgers of the live sales for the statistics ticker. */
  public static final String STATISTICS_EXECUTOR = "sale-statistics";
  /**
   * The executor that runs a rate-limit check on the member owning its key ({@code TakeToken}); the buckets
   * themselves are member-local ({@code TokenBuckets}), not a map.
   */
  public static final String RATE_LIMITS = "edge-rate-limits";
  /** A solved proof-of-work challenge → when it expires: a solution is accepted once, then refused as used. */
  public static final String CHALLENGE_SOLUTIONS = "edge-challenge-solutions";
  /**
   * Every map a placement writes. Each gets split-brain protection, a synchronous backup and fails on an
   * indeterminate state (GridConfig): a write the minority side could make, or a write that a lost backup could
   * take back, would let a 201 be undone by the merge.
   */
  public static final List<String> WRITTEN_BY_PLACEMENTS =
      List.of(LEDGERS, IDEMPOTENCY, CHALLENGE_SOLUTIONS);
  /** The FlakeIdGenerator that numbers orders. */
  public static final String ORDER_IDS = "order-ids";

  private MapNames() {}
}
