package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;

/**
 * An entry processor that only reads a ledger, on its partition, and answers with what the caller needs of it (a
 * hot product's ledger holds every order, which a plain {@code get} would copy): read-only, so it has no backup.
 */
public interface LedgerRead<R> extends EntryProcessor<ProductKey, Ledger, R>, ReadOnly {

  @Override
  default EntryProcessor<ProductKey, Ledger, R> getBackupProcessor() {
    return null;
  }
}
