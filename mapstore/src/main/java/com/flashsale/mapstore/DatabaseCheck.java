package com.flashsale.mapstore;

import java.time.Duration;

/**
 * Whether PostgreSQL answered this member just now, how long it took, and if not, why (the driver's
 * message, fit for a readiness body or a log line; never a stack trace).
 */
public record DatabaseCheck(boolean answers, Duration took, String problem) {

  static DatabaseCheck up(Duration took) {
    return new DatabaseCheck(true, took, null);
  }

  static DatabaseCheck down(Duration took, String problem) {
    return new DatabaseCheck(false, took, problem);
  }
}
