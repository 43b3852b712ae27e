package com.flashsale.node.domain;

import java.util.regex.Pattern;

/**
 * The contract's rule for client-chosen ids ({@code saleId}, {@code productId}, {@code userId}): 1..64
 * characters of {@code [A-Za-z0-9._:-]}. Order ids are server-generated numbers and parsed separately.
 */
public final class Ids {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** The order id as shoppers see it, or -1 when the text cannot be an id this server issued. */
  public static long parseOrderId(String text) {
    if (text == null || text.isEmpty() || text.length() > 19) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLarge) {
      return -1;
    }
  }
}
