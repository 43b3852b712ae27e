package com.flashsale.web.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The operator's bearer token: configured, or generated at start. Compared in constant time. */
public final class AdminToken {

  private final byte[] expected;
  private final boolean generated;

  private AdminToken(String token, boolean generated) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
    this.generated = generated;
  }

  /** The configured token, or a fresh random 256-bit one when none is configured. */
  public static AdminToken configuredOrRandom(String configured) {
    if (configured != null) {
      return new AdminToken(configured, false);
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new AdminToken(HexFormat.of().formatHex(random), true);
  }

  public boolean generated() {
    return generated;
  }

  public String value() {
    return new String(expected, StandardCharsets.UTF_8);
  }

  /** Whether an {@code Authorization} header carries this token; the time taken does not depend on the guess. */
  public boolean admits(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, presented);
  }
}
