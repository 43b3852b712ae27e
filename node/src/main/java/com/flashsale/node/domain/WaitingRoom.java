package com.flashsale.node.domain;

/**
 * A sale's waiting room, as the operator configured it: at most {@code admitPerSecond} admissions per product
 * in any one second, each valid for {@code admissionSeconds}.
 */
public record WaitingRoom(int admitPerSecond, int admissionSeconds) {

  /** The contract's default validity of an admission. */
  public static final int DEFAULT_ADMISSION_SECONDS = 60;

  public WaitingRoom {
    if (admitPerSecond < 1 || admissionSeconds < 1) {
      throw new IllegalArgumentException("a waiting room admits at least one shopper per second, for at least 1 s");
    }
  }
}
