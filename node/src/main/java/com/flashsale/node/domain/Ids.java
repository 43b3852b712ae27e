package com.flashsale.node.domain;

import java.util.regex.Pattern;

/**
 * The contract's rule for client-chosen ids ({@code saleId}, {@code productId}, {@code userId}): 1..64
 * characters of {@code [A-Za-z0-9._:-]}. Order ids are the server's ({@link OrderId}).
 */
public final class Ids {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
