package com.flashsale.mapstore;

/**
 * PostgreSQL refused or failed a store, delete or load. Unchecked because Hazelcast's MapStore methods
 * declare nothing; thrown, never swallowed, so that write-behind keeps the entries and retries, and always
 * with the driver's exception as the cause.
 */
public final class DatabaseException extends RuntimeException {

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
