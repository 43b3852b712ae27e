package com.flashsale.mapstore;

/**
 * What one re-persist pass over a table found: how many grid entries it compared, how many had no row and
 * how many had an older row. Both kinds were written again with the stores' version-guarded upsert.
 */
public record RepersistResult(String table, int checked, int missing, int stale) {

  public int rewritten() {
    return missing + stale;
  }

  RepersistResult plus(RepersistResult other) {
    return new RepersistResult(table, checked + other.checked, missing + other.missing, stale + other.stale);
  }
}
