package com.flashsale.node.processors;

import com.hazelcast.core.HazelcastInstance;

/**
 * This member's indexes of the ledgers it owns, in its user context (not in a map, so keeping them costs no
 * partition operation): {@link DueLedgers} for the hold sweeper, {@link LatestLedgers} for the statistics, and the
 * {@link Ownership} both compare to know when ledgers came or left without an operation. The ledger operations keep
 * them on the primary ({@link LedgerOperation}), with one lookup of this holder per operation.
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
