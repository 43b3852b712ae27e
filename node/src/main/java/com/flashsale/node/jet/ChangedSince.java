package com.flashsale.node.jet;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.query.Predicate;
import java.util.Map;

/**
 * Selects the ledgers with an order changed at or after {@code since} (epoch ms). It reads the value itself,
 * not an attribute: an attribute query on a Compact-serializable value serializes the whole ledger, every order
 * included, to find one number.
 */
record ChangedSince(long since) implements Predicate<ProductKey, Ledger> {

  @Override
  public boolean apply(Map.Entry<ProductKey, Ledger> entry) {
    Ledger ledger = entry.getValue();
    return ledger != null && ledger.lastChangedAt() >= since;
  }
}
