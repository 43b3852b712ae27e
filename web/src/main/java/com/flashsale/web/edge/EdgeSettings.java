package com.flashsale.web.edge;

import com.flashsale.node.member.Environment;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * What the HTTP edge reads from the environment, read and validated once at start: shopper identity (JWT),
 * cluster-wide rate limits, the proxies trusted to name the client, the proof-of-work challenge, load
 * shedding, the sold-out fast path, TLS and the request header limit. By default only the per-user placement
 * rate (5 per second, bursts of 10, as the contract says), shedding and the fast path are on, so a member on
 * one machine runs as in the README; a bad value fails fast with a message that names the variable.
 *
 * @param jwt how shopper tokens are checked, or {@code null}: the shopper API is open
 * @param userRate placements per user, or {@code null}: not limited
 * @param ipRate shopper calls per client address, or {@code null}: not limited
 * @param trustedProxies the peers whose forwarded client address is believed (none by default)
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
    TrustedProxies trustedProxies,
    ChallengeMode challenge,
    String challengeSecret,
    int challengeExpirySeconds,
    long challengeMaxNumber,
    int maxInFlight,
    Tls tls,
    int maxRequestHeaderBytes) {

  /**
   * Shopper tokens: HS256 with a shared secret, RS256 with the issuer's public key, or RS256/ES256 with the keys
   * the issuer publishes at a JWKS URL (fetched when first needed, cached, and fetched again when a token names a
   * key the cache does not hold, so a rotated key is picked up without a restart). Exactly one of the three is set.
   */
  public record Jwt(byte[] hmacSecret, String rsaPublicKeyPem, URI jwksUrl, String issuer, String audience,
      int clockSkewSeconds) {

    public static Jwt hs256(String secret) {
      return new Jwt(secret.getBytes(StandardCharsets.UTF_8), null, null, null, null, 30);
    }

    public static Jwt rs256(String publicKeyPem) {
      return new Jwt(null, publicKeyPem, null, null, null, 30);
    }

    public static Jwt jwks(URI url) {
      return new Jwt(null, null, url, null, null, 30);
    }

    public Jwt withIssuer(String expectedIssuer) {
      return new Jwt(hmacSecret, rsaPublicKeyPem, jwksUrl, expectedIssuer, audience, clockSkewSeconds);
    }

    public Jwt withAudience(String expectedAudience) {
      return new Jwt(hmacSecret, rsaPublicKeyPem, jwksUrl, issuer, expectedAudience, clockSkewSeconds);
    }

    /**
     * The key of {@link #rsaPublicKeyPem}, an X.509 {@code BEGIN PUBLIC KEY} PEM; a message naming the setting when
     * the PEM holds no RSA key (checked at start, so a bad key stops the member before any token arrives).
     */
    public RSAPublicKey rsaPublicKey() {
      String base64 = rsaPublicKeyPem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
      try {
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException notAKey) {
        throw new IllegalArgumentException(
            "FLASHSALE_JWT_PUBLIC_KEY must be an RSA public key in PEM (-----BEGIN PUBLIC KEY-----)", notAKey);
      }
    }

    String kind() {
      return hmacSecret != null ? "HS256" : rsaPublicKeyPem != null ? "RS256" : "JWKS";
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

  /** The contract's default: placements are limited per user, 5 per second with bursts of 10. */
  static final int DEFAULT_USER_PER_SECOND = 5;
  static final int DEFAULT_MAX_IN_FLIGHT = 512;
  static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 8 * 1024;

  /** The settings with nothing configured: open API, 5 placements/s per user, per-sale challenges, shedding at 512. */
  public static EdgeSettings defaults() {
    return fromEnvironment(Map.of());
  }

  public static EdgeSettings fromEnvironment(Map<String, String> variables) {
    Environment env = new Environment(variables);
    return new EdgeSettings(
        jwt(env),
        rate(env, "FLASHSALE_RATE_USER_PER_SECOND", "FLASHSALE_RATE_USER_BURST", DEFAULT_USER_PER_SECOND),
        rate(env, "FLASHSALE_RATE_IP_PER_SECOND", "FLASHSALE_RATE_IP_BURST", 0),
        TrustedProxies.parse(env.text("FLASHSALE_TRUSTED_PROXIES")),
        challengeMode(env),
        env.text("FLASHSALE_CHALLENGE_SECRET"),
        env.integer("FLASHSALE_CHALLENGE_EXPIRY_SECONDS", 300, 10, 86_400),
        env.integer("FLASHSALE_CHALLENGE_MAX_NUMBER", 50_000, 1, 10_000_000),
        env.integer("FLASHSALE_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000),
        tls(env),
        env.integer("FLASHSALE_MAX_REQUEST_HEADER_BYTES", DEFAULT_MAX_REQUEST_HEADER_BYTES, 1024, 64 * 1024));
  }

  public boolean authenticatesShoppers() {
    return jwt != null;
  }

  public EdgeSettings withJwt(Jwt configured) {
    return new EdgeSettings(configured, userRate, ipRate, trustedProxies, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, maxInFlight, tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withRates(Rate perUser, Rate perAddress) {
    return new EdgeSettings(jwt, perUser, perAddress, trustedProxies, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, maxInFlight, tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withChallenge(ChallengeMode mode, int expirySeconds, long maxNumber) {
    return new EdgeSettings(jwt, userRate, ipRate, trustedProxies, mode, challengeSecret, expirySeconds, maxNumber, maxInFlight,
        tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withMaxInFlight(int bound) {
    return new EdgeSettings(jwt, userRate, ipRate, trustedProxies, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, bound, tls, maxRequestHeaderBytes);
  }

  /** These settings trusting the proxies of {@code list} (the format of {@code FLASHSALE_TRUSTED_PROXIES}). */
  public EdgeSettings withTrustedProxies(String list) {
    return new EdgeSettings(jwt, userRate, ipRate, TrustedProxies.parse(list), challenge, challengeSecret,
        challengeExpirySeconds, challengeMaxNumber, maxInFlight, tls, maxRequestHeaderBytes);
  }

  public EdgeSettings withTls(Tls keystore) {
    return new EdgeSettings(jwt, userRate, ipRate, trustedProxies, challenge, challengeSecret, challengeExpirySeconds,
        challengeMaxNumber, maxInFlight, keystore, maxRequestHeaderBytes);
  }

  private static Jwt jwt(Environment env) {
    String secret = env.text("FLASHSALE_JWT_SECRET");
    String publicKey = publicKey(env);
    URI jwksUrl = jwksUrl(env);
    if (secret != null && publicKey != null) {
      throw new IllegalArgumentException("FLASHSALE_JWT_SECRET and FLASHSALE_JWT_PUBLIC_KEY are exclusive: set one");
    }
    if (jwksUrl != null && (secret != null || publicKey != null)) {
      throw new IllegalArgumentException("FLASHSALE_JWT_JWKS_URL is exclusive with "
          + (secret != null ? "FLASHSALE_JWT_SECRET" : "FLASHSALE_JWT_PUBLIC_KEY")
          + ": shopper tokens are checked one way, so set only one of them");
    }
    if (secret == null && publicKey == null && jwksUrl == null) {
      return null;
    }
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("FLASHSALE_JWT_SECRET must be at least 32 bytes (HS256 needs 256 bits), got "
          + secret.getBytes(StandardCharsets.UTF_8).length);
    }
    if (publicKey != null) {
      Jwt.rs256(publicKey).rsaPublicKey();
    }
    Jwt jwt = secret != null ? Jwt.hs256(secret) : publicKey != null ? Jwt.rs256(publicKey) : Jwt.jwks(jwksUrl);
    return new Jwt(jwt.hmacSecret(), jwt.rsaPublicKeyPem(), jwt.jwksUrl(), env.text("FLASHSALE_JWT_ISSUER"),
        env.text("FLASHSALE_JWT_AUDIENCE"), env.integer("FLASHSALE_JWT_CLOCK_SKEW_SECONDS", 30, 0, 300));
  }

  /** An absolute http(s) URL; the keys themselves are fetched when the first token needs them, not at start. */
  private static URI jwksUrl(Environment env) {
    String raw = env.text("FLASHSALE_JWT_JWKS_URL");
    if (raw == null) {
      return null;
    }
    try {
      URI url = new URI(raw);
      if (url.getHost() == null || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
        throw new URISyntaxException(raw, "not an absolute http or https URL");
      }
      url.toURL();
      return url;
    } catch (URISyntaxException | java.net.MalformedURLException | IllegalArgumentException notAUrl) {
      throw new IllegalArgumentException("FLASHSALE_JWT_JWKS_URL must be an http(s) URL such as "
          + "https://id.example.com/.well-known/jwks.json, got '" + raw + "'", notAUrl);
    }
  }

  /** The PEM itself, or the path of a file that holds it. */
  private static String publicKey(Environment env) {
    String raw = env.text("FLASHSALE_JWT_PUBLIC_KEY");
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

  /**
   * A token bucket, or {@code null} when its rate is 0 (off). The burst defaults to two seconds' worth: a
   * shopper whose client retries once right away is not refused for it.
   */
  private static Rate rate(Environment env, String perSecondKey, String burstKey, int defaultPerSecond) {
    int perSecond = env.integer(perSecondKey, defaultPerSecond, 0, 1_000_000);
    if (perSecond == 0) {
      return null;
    }
    int burst = env.integer(burstKey, 2 * perSecond, 1, 10_000_000);
    if (burst < perSecond) {
      throw new IllegalArgumentException(burstKey + " must be at least " + perSecondKey + " (" + perSecond + "), got " + burst);
    }
    return new Rate(perSecond, burst);
  }

  private static ChallengeMode challengeMode(Environment env) {
    String raw = env.text("FLASHSALE_CHALLENGE");
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

  private static Tls tls(Environment env) {
    String keystore = env.text("FLASHSALE_TLS_KEYSTORE");
    String password = env.variables().get("FLASHSALE_TLS_KEYSTORE_PASSWORD");
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

  /** Hides the secrets: records print their fields, and settings end up in logs. */
  @Override
  public String toString() {
    return "EdgeSettings[jwt=" + (jwt == null ? "off" : jwt.kind())
        + ", userRate=" + userRate + ", ipRate=" + ipRate + ", trustedProxies=" + !trustedProxies.isEmpty()
        + ", challenge=" + challenge
        + ", maxInFlight=" + maxInFlight + ", tls=" + (tls != null)
        + ", maxRequestHeaderBytes=" + maxRequestHeaderBytes + "]";
  }
}
