package com.flashsale.node.service;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.jet.ReconciliationPipeline.StoredVersion;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.pipeline.BatchSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL's side of a reconciliation, plugged in by the module that can reach it (mapstore depends on this
 * one, not the other way round): it puts an instance into the member's user context under {@link #CONTEXT_KEY}
 * before the member starts, and the {@link Reconciler} of every member finds it there.
 */
public interface StoredLedgers {

  String CONTEXT_KEY = StoredLedgers.class.getName();

  /** Why PostgreSQL cannot be checked from {@code member} now, or empty when it can. */
  Optional<String> unreachable(HazelcastInstance member);

  /** The stock rows' versions, as a Jet source (read on the members through the configured data connection). */
  BatchSource<StoredVersion> versions();

  /**
   * Given the products whose row was behind the ledger version given, waits while write-behind may still bring
   * them up to date, then rewrites, version-guarded, those still behind: one finding each.
   */
  List<ReconciliationReport.Finding> settle(HazelcastInstance member, Map<ProductKey, Long> behind);

  static Optional<StoredLedgers> of(HazelcastInstance member) {
    return Optional.ofNullable((StoredLedgers) member.getUserContext().get(CONTEXT_KEY));
  }
}
