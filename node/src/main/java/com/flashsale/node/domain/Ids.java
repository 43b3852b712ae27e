package com.flashsale.node.domain;

/**
 * The contract's rule for client-chosen ids ({@code saleId}, {@code productId}, {@code userId}): 1..64
 * characters of {@code [A-Za-z0-9._:-]}. Order ids are the server's ({@link OrderId}).
 */
public final class Ids {
  private static final int MAX_LENGTH = 64;

  private Ids() {}

  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!allowed(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A loop, not a regular expression: three ids are checked on every placement, and a matcher cost ten times more. */
  private static boolean allowed(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':'
        || c == '-';
  }
}
