package com.flashsale.web.edge;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Shopper tokens as an identity provider would issue them, for the edge's tests: valid or broken on purpose. */
final class Tokens {

  static final String SECRET = "a-shopper-token-secret-of-at-least-32-bytes";
  static final String OTHER_SECRET = "another-secret-that-is-also-32-bytes-long";
  static final String ISSUER = "https://id.flashsale.test";
  static final String AUDIENCE = "flashsale-api";

  private Tokens() {}

  /** Valid for ten minutes from now, for {@code userId}, signed with the API's secret. */
  static String valid(String userId) {
    return hs256(SECRET, claims(userId, Instant.now().minusSeconds(5), Instant.now().plus(Duration.ofMinutes(10))));
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static JWTClaimsSet.Builder claims(String userId, Instant notBefore, Instant expires) {
    return new JWTClaimsSet.Builder().subject(userId).issuer(ISSUER).audience(AUDIENCE)
        .issueTime(Date.from(Instant.now())).notBeforeTime(Date.from(notBefore)).expirationTime(Date.from(expires));
  }

  static String hs256(String secret, JWTClaimsSet.Builder claims) {
    try {
      return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims);
    } catch (JOSEException invalidKey) {
      throw new IllegalStateException(invalidKey);
    }
  }

  static String rs256(PrivateKey key, JWTClaimsSet.Builder claims) {
    return sign(new RSASSASigner(key), JWSAlgorithm.RS256, claims);
  }

  private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException failed) {
      throw new IllegalStateException(failed);
    }
    return jwt.serialize();
  }
}
