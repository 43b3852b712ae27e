package com.flashsale.node.service;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What one reconciliation found and did. {@code findings} are discrepancies older than the in-flight
 * grace (younger ones are placements or settlements still under way and are not judged); {@code repairs}
 * are the fenced, fail-closed fixes it applied; {@code unrepaired} need a person. Kept in the grid (Java
 * serialization: a report is written once a run and read by operators) so every member shows the last one.
 */
public record ReconciliationReport(
    Instant startedAt,
    Instant finishedAt,
    int salesChecked,
    int productsChecked,
    int ordersChecked,
    List<Finding> findings,
    int repairs,
    int unrepaired) implements Serializable {

  /** One discrepancy: what kind, where, and whether it was repaired. */
  public record Finding(String kind, String saleId, String productId, String userId, Long orderId, String detail,
      boolean repaired) implements Serializable {}
}
