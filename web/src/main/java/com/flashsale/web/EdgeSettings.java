package com.flashsale.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What the HTTP edge reads from the environment, read and validated once at start: shopper identity (JWT),
 * cluster-wide rate limits, the proof-of-work challenge, load shedding, the sold-out fast path, TLS and the
 * request header limit. Everything is off by default except shedding and the fast path, so a member on one
 * machine runs as before; a bad value fails fast with a message that names the variable.
 *
 * @param jwt how shopper tokens are checked, or {@code null}: the shopper API is open
 * @param userRate placements per user, or {@code null}: not limited
 * @param ipRate shopper calls per client address, or {@code null}: not limited
 * @param challenge whether sales require an ALTCHA proof of work: per sale (the default), always, or never
 * @param challengeSecret the HMAC key of challenges, or {@code null}: one random key shared through the grid
 * @param challengeExpirySeconds how long a challenge may be solved and used
 * @param challengeMaxNumber the difficulty: the solver tries up to this many numbers (half on average)
 * @param maxInFlight placements one member runs at once; more are answered 503 at once
 * @param tls the API's keystore, or {@code null}: plain HTTP
 * @param maxRequestHeaderBytes the most request-line and header bytes Jetty reads (431 past it)
 */
public record EdgeSettings(
    Jwt jwt,
    Rate userRate,
    Rate ipRate,
    ChallengeMode challenge,
    String challengeSecret,
    int challengeExpirySeconds,
    long challengeMaxNumber,
    int maxInFlight,
    Tls tls,
    int maxRequestHeaderBytes) {

  /** Shopper tokens: HS256 with a shared secret, or RS256 with the issuer's public key. */
  public record Jwt(byte[] hmacSecret, String rsaPublicKeyPem, String issuer, String audience, int clockSkewSeconds) {

    public static Jwt hs256(String secret) {
      return new Jwt(secret.getBytes(StandardCharsets.UTF_8), null, null, null, 30);
    }

    public static Jwt rs256(String publicKeyPem) {
      return new Jwt(null, publicKeyPem, null, null, 30);
    }

    public Jwt withIssuer(String expectedIssuer) {
      return new Jwt(hmacSecret, rsaPublicKeyPem, expectedIssuer, audience, clockSkewSeconds);
    }

    public Jwt withAudience(String expectedAudience) {
      return new Jwt(hmacSecret, rsaPublicKeyPem, issuer, expectedAudience, clockSkewSeconds);
    }
  }

  /** A token bucket: {@code perSecond} tokens come back each second, up to {@code burst} saved. */
  public record Rate(int perSecond, int burst) {}

  /** A PKCS12 keystore holding the API's certificate and key. */
  public record Tls(Path keystore, String password) {}

  /** Which sales require a solved challenge to place an order. */
  public enum ChallengeMode {
    /** The sales whose operator asked for it ({@code "requireChallenge": true}). */
    PER_SALE,
    /** Every sale. */
    REQUIRED,
    /** None, whatever the sale asked for. */
    OFF
  }

  static final int DEFAULT_MAX_IN_FLIGHT = 512;
  static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 8 * 1024;

  /** The settings with nothing configured: open API, no limits, per-sale challenges, shedding at 512. */
  public static EdgeSettings defaults() {
    return fromEnvironment(Map.of());
  }

  public static EdgeSettings fromEnvironment(Map<String, String> env) {
    return new EdgeSettings(
        jwt(env),
        rate(env, "FLASHSALE_RATE_USER_PER_SECOND", "FLASHSALE_RATE_USER_BURST"),
        rate(env, "FLASHSALE_RATE_IP_PER_SECOND", "FLASHSALE_RATE_IP_BURST"),
        challengeMode(env),
        secret(env, "FLASHSALE_CHALLENGE_SECRET"),
        between(env, "FLASHSALE_CHALLENGE_EXPIRY_SECONDS", 300, 10, 86_400),
        between(env, "FLASHSALE_CHALLENGE_MAX_NUMBER", 50_000, 1, 10_000_000),
        between(env, "FLASHSALE_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000),
        tls(env),
        between(env, "FLASHSALE_MAX_REQUEST_HEADER_BYTES", DEFAULT_MAX_REQUEST_HEADER_BYTES, 1024, 64 * 1024));
  }

  public boolean authenticatesShoppers() {
    return jwt != null;
  }

  public EdgeSettings withJwt(Jwt configured) {
    return new EdgeSettings(configured, userRate, ipRate, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, maxInFlight, tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withRates(Rate perUser, Rate perAddress) {
    return new EdgeSettings(jwt, perUser, perAddress, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, maxInFlight, tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withChallenge(ChallengeMode mode, int expirySeconds, long maxNumber) {
    return new EdgeSettings(jwt, userRate, ipRate, mode, challengeSecret, expirySeconds, maxNumber, maxInFlight,
        tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withMaxInFlight(int bound) {
    return new EdgeSettings(jwt, userRate, ipRate, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, bound, tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withTls(Tls keystore) {
    return new EdgeSettings(jwt, userRate, ipRate, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, maxInFlight, keystore, maxRequestHeaderBytes);
  }

  private static Jwt jwt(Map<String, String> env) {
    String secret = secret(env, "FLASHSALE_JWT_SECRET");
    String publicKey = publicKey(env);
    if (secret != null && publicKey != null) {
      throw new IllegalArgumentException("FLASHSALE_JWT_SECRET and FLASHSALE_JWT_PUBLIC_KEY are exclusive: set one");
    }
    if (secret == null && publicKey == null) {
      return null;
    }
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("FLASHSALE_JWT_SECRET must be at least 32 bytes (HS256 needs 256 bits), got "
          + secret.getBytes(StandardCharsets.UTF_8).length);
    }
    Jwt jwt = secret != null ? Jwt.hs256(secret) : Jwt.rs256(publicKey);
    if (publicKey != null) {
      ShopperIdentity.rsaPublicKey(publicKey);
    }
    return new Jwt(jwt.hmacSecret(), jwt.rsaPublicKeyPem(), secret(env, "FLASHSALE_JWT_ISSUER"),
        secret(env, "FLASHSALE_JWT_AUDIENCE"), between(env, "FLASHSALE_JWT_CLOCK_SKEW_SECONDS", 30, 0, 300));
  }

  /** The PEM itself, or the path of a file that holds it. */
  private static String publicKey(Map<String, String> env) {
    String raw = secret(env, "FLASHSALE_JWT_PUBLIC_KEY");
    if (raw == null || raw.contains("-----BEGIN")) {
      return raw;
    }
    try {
      return Files.readString(Path.of(raw));
    } catch (IOException | RuntimeException unreadable) {
      throw new IllegalArgumentException("FLASHSALE_JWT_PUBLIC_KEY must be a PEM public key or the path of one; cannot read '"
          + raw + "'", unreadable);
    }
  }

  private static Rate rate(Map<String, String> env, String perSecondKey, String burstKey) {
    int perSecond = between(env, perSecondKey, 0, 0, 1_000_000);
    if (perSecond == 0) {
      return null;
    }
    int burst = between(env, burstKey, perSecond, 1, 10_000_000);
    if (burst < perSecond) {
      throw new IllegalArgumentException(burstKey + " must be at least " + perSecondKey + " (" + perSecond + "), got " + burst);
    }
    return new Rate(perSecond, burst);
  }

  private static ChallengeMode challengeMode(Map<String, String> env) {
    String raw = secret(env, "FLASHSALE_CHALLENGE");
    if (raw == null) {
      return ChallengeMode.PER_SALE;
    }
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "per-sale":
        return ChallengeMode.PER_SALE;
      case "required":
        return ChallengeMode.REQUIRED;
      case "off":
        return ChallengeMode.OFF;
      default:
        throw new IllegalArgumentException("FLASHSALE_CHALLENGE must be per-sale, required or off, got '" + raw + "'");
    }
  }

  private static Tls tls(Map<String, String> env) {
    String keystore = secret(env, "FLASHSALE_TLS_KEYSTORE");
    String password = env.get("FLASHSALE_TLS_KEYSTORE_PASSWORD");
    if (keystore == null) {
      if (password != null && !password.isEmpty()) {
        throw new IllegalArgumentException("FLASHSALE_TLS_KEYSTORE_PASSWORD is set but FLASHSALE_TLS_KEYSTORE is not");
      }
      return null;
    }
    Path path = Path.of(keystore);
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("FLASHSALE_TLS_KEYSTORE must name a readable PKCS12 file, got '" + keystore + "'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("FLASHSALE_TLS_KEYSTORE_PASSWORD must be set with FLASHSALE_TLS_KEYSTORE");
    }
    return new Tls(path, password);
  }

  private static int between(Map<String, String> env, String key, int fallback, int lowest, int highest) {
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + raw + "'", notANumber);
    }
    if (value < lowest || value > highest) {
      throw new IllegalArgumentException(key + " must be " + lowest + ".." + highest + ", got " + value);
    }
    return value;
  }

  private static String secret(Map<String, String> env, String key) {
    String raw = env.get(key);
    return raw == null || raw.isBlank() ? null : raw.trim();
  }

  /** Hides the secrets: records print their fields, and settings end up in logs. */
  @Override
  public String toString() {
    return "EdgeSettings[jwt=" + (jwt == null ? "off" : jwt.hmacSecret() != null ? "HS256" : "RS256")
        + ", userRate=" + userRate + ", ipRate=" + ipRate + ", challenge=" + challenge
        + ", maxInFlight=" + maxInFlight + ", tls=" + (tls != null)
        + ", maxRequestHeaderBytes=" + maxRequestHeaderBytes + "]";
  }
}
