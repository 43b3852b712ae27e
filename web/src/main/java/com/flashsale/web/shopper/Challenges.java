package com.flashsale.web.shopper;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.service.SaleService;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.Json;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.altcha.altcha.Altcha;

/**
 * The proof-of-work gate against bots (ALTCHA, {@code org.altcha:altcha}). {@code GET /api/challenge} hands
 * out a challenge signed with an HMAC key every member shares; the shopper's browser solves it and sends the
 * base64 payload in {@code X-Altcha} when placing an order in a sale that requires it. A payload is accepted
 * once: its challenge is remembered cluster-wide until the challenge expires, so a replay is refused. Whether a
 * sale requires it is a field of the sale ({@code Sale.requireChallenge}), read from the members' near cache of
 * sales: it holds on every member from the moment the sale exists, and survives a restart with the sale.
 */
final class Challenges {

  static final String HEADER = "X-Altcha";
  /** challenge hash → its expiry (epoch seconds); entries live until the challenge expires. */
  static final String USED_SOLUTIONS = MapNames.CHALLENGE_SOLUTIONS;
  /** "altcha" → the cluster's HMAC key, when the operator configured none. */
  static final String SECRETS = "edge-secrets";
  private static final int MAX_PAYLOAD_LENGTH = 2048;

  private final EdgeSettings.ChallengeMode mode;
  private final String hmacKey;
  private final int expirySeconds;
  private final long maxNumber;
  private final SaleService sales;
  private final IMap<String, Long> used;
  private final Clock clock;

  Challenges(HazelcastInstance grid, SaleService sales, EdgeSettings settings, Clock clock) {
    this.mode = settings.challenge();
    this.hmacKey = settings.challengeSecret() != null ? settings.challengeSecret() : sharedKey(grid);
    this.expirySeconds = settings.challengeExpirySeconds();
    this.maxNumber = settings.challengeMaxNumber();
    this.sales = sales;
    this.used = grid.getMap(USED_SOLUTIONS);
    this.clock = clock;
  }

  /** One random key for the whole cluster: a challenge from one member verifies on any other. */
  private static String sharedKey(HazelcastInstance grid) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String mine = HexFormat.of().formatHex(random);
    String standing = grid.<String, String>getMap(SECRETS).putIfAbsent("altcha", mine);
    return standing != null ? standing : mine;
  }

  boolean requiredFor(String saleId) {
    switch (mode) {
      case REQUIRED:
        return true;
      case OFF:
        return false;
      default:
        return sales.find(saleId).map(Sale::requireChallenge).orElse(false);
    }
  }

  /** A fresh challenge as the ALTCHA widget expects it: algorithm, challenge, maxnumber, salt, signature. */
  Map<String, Object> issue() {
    Altcha.Challenge challenge;
    try {
      challenge = Altcha.createChallenge(new Altcha.ChallengeOptions()
          .setHmacKey(hmacKey)
          .setMaxNumber(maxNumber)
          .setSecureRandomNumber(true)
          .setExpires(clock.instant().getEpochSecond() + expirySeconds));
    } catch (Exception unexpected) {
      throw new IllegalStateException("ALTCHA could not create a challenge", unexpected);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("algorithm", challenge.algorithm);
    view.put("challenge", challenge.challenge);
    view.put("maxnumber", challenge.maxnumber);
    view.put("salt", challenge.salt);
    view.put("signature", challenge.signature);
    return view;
  }

  /**
   * Admits the payload of {@code X-Altcha} once: 400 CHALLENGE_REQUIRED without it, 403 CHALLENGE_FAILED when
   * it is malformed, wrongly solved or signed, expired, or was used before.
   */
  void verify(String payload) {
    if (payload == null || payload.isBlank()) {
      throw ApiError.of(ErrorCode.CHALLENGE_REQUIRED,
          "This sale requires a solved proof-of-work challenge: GET /api/challenge, solve it, send it in " + HEADER + ".");
    }
    Altcha.Payload solution = parse(payload);
    long expires = expiryOf(solution);
    long now = clock.instant().getEpochSecond();
    if (expires < now || !verified(solution)) {
      throw failed("The challenge solution is wrong or has expired; fetch a new challenge.");
    }
    // Used once: the first to record the challenge wins; it is kept exactly as long as it could be replayed.
    if (used.putIfAbsent(solution.challenge, expires, expires - now + 1, TimeUnit.SECONDS) != null) {
      throw failed("This challenge solution was used before; fetch a new challenge.");
    }
  }

  private boolean verified(Altcha.Payload solution) {
    try {
      return Altcha.verifySolution(solution, hmacKey, true);
    } catch (Exception malformed) {
      return false;
    }
  }

  private static Altcha.Payload parse(String payload) {
    if (payload.length() > MAX_PAYLOAD_LENGTH) {
      throw failed("The challenge solution is too long.");
    }
    try {
      JsonNode json = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(payload.trim()), StandardCharsets.UTF_8));
      Altcha.Payload solution = new Altcha.Payload();
      solution.algorithm = text(json, "algorithm");
      solution.challenge = text(json, "challenge");
      solution.salt = text(json, "salt");
      solution.signature = text(json, "signature");
      if (!json.path("number").canConvertToLong()) {
        throw failed("The challenge solution has no number.");
      }
      solution.number = json.path("number").asLong();
      return solution;
    } catch (ApiError failed) {
      throw failed;
    } catch (Exception malformed) {
      throw failed("The challenge solution is not a base64 ALTCHA payload.");
    }
  }

  private static String text(JsonNode json, String field) {
    if (!json.path(field).isTextual() || json.path(field).asText().isEmpty()) {
      throw failed("The challenge solution has no " + field + ".");
    }
    return json.path(field).asText();
  }

  /** The expiry the server signed into the salt; a payload without one was not issued here. */
  private static long expiryOf(Altcha.Payload solution) {
    try {
      return Long.parseLong(Altcha.extractParams(solution.salt).get("expires"));
    } catch (Exception missing) {
      throw failed("The challenge solution carries no expiry; fetch a new challenge.");
    }
  }

  private static ApiError failed(String message) {
    return ApiError.of(ErrorCode.CHALLENGE_FAILED, message);
  }
}
