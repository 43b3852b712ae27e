package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Base of every single-key operation on a product's {@link Ledger}. The primary decides on the partition
 * thread, at the cluster's time (never the clock of the member that took the request), and commits at most
 * one {@link LedgerChange}; the backups receive that change ({@link ApplyLedgerChange}), not the whole value
 * and not a re-run that could see another clock.
 *
 * <p>The primary also keeps this member's indexes of its ledgers in the same step ({@link LedgerIndexes#record}).
 *
 * <p>Only for {@code submitToKey}/{@code executeOnKey}: Hazelcast asks for the backup processor after
 * {@code process} on the same instance, which holds for one key per operation.
 */
public abstract class LedgerOperation<R> implements EntryProcessor<ProductKey, Ledger, R>, HazelcastInstanceAware {

  private transient HazelcastInstance instance;
  private transient LedgerChange committed;

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public final R process(Map.Entry<ProductKey, Ledger> entry) {
    Ledger before = entry.getValue();
    R result = decide(entry, clusterTime());
    if (instance != null) {
      LedgerIndexes.of(instance).record(entry.getKey(), before, entry.getValue(), recordsUnchanged());
    }
    return result;
  }

  /** Whether this operation records the ledger in {@link LatestLedgers} even when it changed nothing. */
  protected boolean recordsUnchanged() {
    return false;
  }

  /** Reads the ledger (null when the product has none), calls {@link #commit} at most once, returns the result. */
  protected abstract R decide(Map.Entry<ProductKey, Ledger> entry, long now);

  /** Applies the change to the entry and remembers it for the backups; returns the new ledger. */
  protected final Ledger commit(Map.Entry<ProductKey, Ledger> entry, LedgerChange change) {
    Ledger next = entry.getValue().apply(change);
    entry.setValue(next);
    committed = change;
    return next;
  }

  /** The cluster's time on the member that owns the partition, in epoch milliseconds. */
  private long clusterTime() {
    return instance != null ? instance.getCluster().getClusterTime() : System.currentTimeMillis();
  }

  @Override
  public final EntryProcessor<ProductKey, Ledger, R> getBackupProcessor() {
    return committed == null ? null : new ApplyLedgerChange<>(committed);
  }
}
