package com.flashsale.node.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One sale's figures summed over some of its products' ledgers, added to in place: orders and units by status, and
 * the confirmed orders' amount per currency. The statistics' scan adds each ledger once
 * ({@code jet.SumSaleTotals}); the member-local index ({@code processors.LatestLedgers}) adds a ledger's new value
 * and subtracts its old one, so the sums follow the changes. Not thread-safe: its owner serializes access.
 */
public final class SaleSums {

  private long pendingOrders;
  private long confirmedOrders;
  private long cancelledOrders;
  private long pendingUnits;
  private long confirmedUnits;
  private long cancelledUnits;
  private final TreeMap<String, BigDecimal> revenue = new TreeMap<>();

  /** Adds ({@code sign} 1) or subtracts (-1) one product's figures as its ledger holds them, its revenue if asked. */
  public void add(Ledger ledger, int sign, boolean withRevenue) {
    OrderCounts counts = ledger.counts();
    add(sign * counts.pending(), sign * counts.confirmed(), sign * counts.cancelled(), sign * ledger.pending(),
        sign * ledger.confirmed(), sign * counts.cancelledUnits());
    if (withRevenue && counts.currency() != null) {
      addRevenue(counts.currency(), sign < 0 ? counts.revenue().negate() : counts.revenue());
    }
  }

  /** Adds sums taken elsewhere (another member's part of the sale). */
  public void add(long pendingOrders, long confirmedOrders, long cancelledOrders, long pendingUnits,
      long confirmedUnits, long cancelledUnits, Map<String, BigDecimal> revenue) {
    add(pendingOrders, confirmedOrders, cancelledOrders, pendingUnits, confirmedUnits, cancelledUnits);
    revenue.forEach(this::addRevenue);
  }

  private void add(long pendingOrders, long confirmedOrders, long cancelledOrders, long pendingUnits,
      long confirmedUnits, long cancelledUnits) {
    this.pendingOrders += pendingOrders;
    this.confirmedOrders += confirmedOrders;
    this.cancelledOrders += cancelledOrders;
    this.pendingUnits += pendingUnits;
    this.confirmedUnits += confirmedUnits;
    this.cancelledUnits += cancelledUnits;
  }

  private void addRevenue(String currency, BigDecimal amount) {
    revenue.merge(currency, amount, BigDecimal::add);
  }

  /** The sums handed to {@code reader}; the revenue is a read-only view, valid only during the call. */
  public <T> T read(Reader<T> reader) {
    return reader.read(pendingOrders, confirmedOrders, cancelledOrders, pendingUnits, confirmedUnits, cancelledUnits,
        Collections.unmodifiableSortedMap(revenue));
  }

  /** What reads the sums: orders and units by status, and the confirmed orders' amount per currency. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(long pendingOrders, long confirmedOrders, long cancelledOrders, long pendingUnits, long confirmedUnits,
        long cancelledUnits, SortedMap<String, BigDecimal> revenue);
  }
}
