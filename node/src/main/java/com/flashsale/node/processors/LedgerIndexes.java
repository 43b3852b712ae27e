package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.core.HazelcastInstance;

/**
 * This member's indexes of the ledgers it owns, in its user context (not in a map, so keeping them costs no
 * partition operation): {@link DueLedgers} for the hold sweeper, {@link LatestLedgers} for the statistics, and the
 * {@link Ownership} both compare to know when ledgers came or left without an operation. Whatever changes a ledger on
 * its primary keeps them ({@link #record}: {@link LedgerOperation}, {@link CloseSaleWindow}), with one lookup of this
 * holder per operation.
 */
public final class LedgerIndexes {

  private static final String CONTEXT_KEY = LedgerIndexes.class.getName();

  private final Ownership ownership;
  private final DueLedgers due = new DueLedgers();
  private final LatestLedgers latest;

  private LedgerIndexes(HazelcastInstance member) {
    this.ownership = new Ownership(member);
    this.latest = new LatestLedgers(ownership);
  }

  /** The indexes of {@code member}, created on first use. */
  public static LedgerIndexes of(HazelcastInstance member) {
    return (LedgerIndexes) member.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> new LedgerIndexes(member));
  }

  /**
   * Keeps both indexes in the step that changed a ledger on its primary (never on a backup): {@link DueLedgers} when
   * the ledger's earliest deadline changes, or when it holds an unpaid order the index does not know (it arrived by
   * load, migration or merge); {@link LatestLedgers} whenever the ledger changes, or always if {@code recordAlways}.
   * A few hash lookups.
   */
  public void record(ProductKey product, Ledger before, Ledger after, boolean recordAlways) {
    long deadline = nextDeadline(after);
    if (deadline != nextDeadline(before) || (deadline != Long.MAX_VALUE && !due.contains(product))) {
      due.record(product, deadline);
    }
    if (after != null && (after != before || recordAlways)) {
      latest.record(product, after);
    }
  }

  private static long nextDeadline(Ledger ledger) {
    return ledger == null ? Long.MAX_VALUE : ledger.nextDeadline();
  }

  public Ownership ownership() {
    return ownership;
  }

  public DueLedgers due() {
    return due;
  }

  public LatestLedgers latest() {
    return latest;
  }
}
