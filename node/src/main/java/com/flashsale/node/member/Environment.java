package com.flashsale.node.member;

import java.util.Map;

/**
 * How every setting is read from the environment, for the member's {@link Settings} and the web edge's
 * settings alike: blank counts as unset, values are trimmed, and a value that is not what its variable
 * wants fails at start with a message that names the variable.
 */
public record Environment(Map<String, String> variables) {

  /** The trimmed value, or {@code null} when unset or blank. */
  public String text(String key) {
    String raw = variables.get(key);
    return raw == null || raw.isBlank() ? null : raw.trim();
  }

  public String text(String key, String fallback) {
    String value = text(key);
    return value == null ? fallback : value;
  }

  /** A whole number in {@code [lowest, highest]}, or {@code fallback} when unset. */
  public int integer(String key, int fallback, int lowest, int highest) {
    String raw = text(key);
    if (raw == null) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + raw + "'", notANumber);
    }
    if (value < lowest || value > highest) {
      throw new IllegalArgumentException(key + " must be " + (highest == Integer.MAX_VALUE ? "at least " + lowest
          : lowest + ".." + highest) + ", got " + value);
    }
    return value;
  }
}
