package com.flashsale.web.http;

import java.time.Instant;

/**
 * The edge's promise that a 2xx answer reaches PostgreSQL as answered, as rules every accepting route
 * applies to what it takes in. Write-behind runs long after the answer: a value PostgreSQL refuses there is
 * retried forever, and one it silently changes is a lie told to the client, so both are refused here with
 * 400 INVALID_REQUEST naming the field. The rules follow the columns (see the mapstore's migrations):
 * {@code text} holds no U+0000, and UTF-8 has no encoding for a lone UTF-16 surrogate (a driver can only
 * replace it or fail); {@code timestamptz} is kept to the contract's years 0001..9999. Whole numbers
 * (stock, per-user limit, payment window, quantity) go to {@code integer} columns: {@link JsonObject#integer}
 * reads them as a Java {@code int}, the same 32 bits, within tighter bounds still; prices are at most 15 digits
 * and 4 decimals, which {@code numeric} holds exactly. Ids (bodies and paths) are ASCII by the contract's
 * pattern ({@code Ids}), and a header stored as a key is printable ASCII ({@link #headerToken}).
 */
public final class StorableInput {

  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private StorableInput() {}

  /** {@code value} unchanged when every character can be stored as text; 400 naming {@code field} otherwise. */
  static String text(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        throw ApiError.invalid(field + " must not contain the character U+0000");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiError.invalid(field + " must not contain an unpaired UTF-16 surrogate (U+"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ")");
      }
    }
    return value;
  }

  /**
   * A header value that is stored as a key ({@code Idempotency-Key}): 1..{@code maxLength} printable ASCII
   * characters, so no byte of it depends on how a client or proxy encoded the header.
   */
  public static String headerToken(String header, String value, int maxLength) {
    if (value.isEmpty() || value.length() > maxLength || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw ApiError.invalid(header + " must be 1.." + maxLength + " printable ASCII characters");
    }
    return value;
  }

  /** {@code value} unchanged when it lies in the years 0001..9999; 400 naming {@code field} otherwise. */
  static Instant instant(String field, Instant value) {
    if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      throw ApiError.invalid(field + " must lie in the years 0001..9999, got " + value);
    }
    return value;
  }

  /**
   * The instant {@code seconds} after {@code base}, when the grid will derive and store it (an order's
   * {@code expiresAt}, a sale's last payment deadline); 400 naming {@code what} when it leaves the years 0001..9999.
   */
  public static Instant derivedInstant(String what, Instant base, long seconds) {
    return instant(what, base.plusSeconds(seconds));
  }
}
