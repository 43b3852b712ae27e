package com.flashsale.web.edge;

import static com.flashsale.web.edge.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.TestSale;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code FLASHSALE_JWT_JWKS_URL}: shopper tokens are checked against the keys the issuer publishes, and a rotation
 * there (a new key under a new {@code kid}, the old one withdrawn) is picked up by the running member without a
 * restart. The issuer is a small JWKS endpoint inside the test (the JDK's HTTP server on port 0).
 */
class JwksRotationHttpTest {

  @Test
  void a_token_signed_with_a_key_published_after_a_rotation_is_accepted_without_a_restart() throws Exception {
    RSAKey before = new RSAKeyGenerator(2048).keyID("rsa-2026-1").generate();
    ECKey after = new ECKeyGenerator(Curve.P_256).keyID("ec-2026-2").generate();
    AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(before));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer issuer = jwksEndpoint(published, fetches);
    URI jwksUrl = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks.json");
    try (ApiServer server = EdgeCluster.shared().start(1, EdgeSettings.defaults()
        .withJwt(EdgeSettings.Jwt.jwks(jwksUrl).withIssuer(Tokens.ISSUER).withAudience(Tokens.AUDIENCE)))) {
      Api api = EdgeCluster.shared().client(server);
      String saleId = api.create(TestSale.active().product("tee", "19.99", 100).perUserLimit(5));
      String userId = Api.newId("user");

      api.place(saleId, userId, "tee", 1, "Authorization", bearer(token(before, JWSAlgorithm.RS256, userId))).expect(201);
      assertThat(fetches.get()).as("keys fetched when the first token needed them").isEqualTo(1);

      published.set(new JWKSet(after));

      api.place(saleId, userId, "tee", 1, "Authorization", bearer(token(after, JWSAlgorithm.ES256, userId))).expect(201);
      assertThat(fetches.get()).as("the unknown kid made the member fetch the keys again").isEqualTo(2);
      api.place(saleId, userId, "tee", 1, "Authorization", bearer(token(before, JWSAlgorithm.RS256, userId)))
          .expectError(401, "UNAUTHORIZED");
    } finally {
      issuer.stop(0);
    }
  }

  @Test
  void a_token_signed_with_a_key_the_issuer_never_published_is_401() throws Exception {
    RSAKey published = new RSAKeyGenerator(2048).keyID("rsa-published").generate();
    RSAKey forged = new RSAKeyGenerator(2048).keyID("rsa-published").generate();
    HttpServer issuer = jwksEndpoint(new AtomicReference<>(new JWKSet(published)), new AtomicInteger());
    URI jwksUrl = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks.json");
    try (ApiServer server = EdgeCluster.shared().start(1, EdgeSettings.defaults()
        .withJwt(EdgeSettings.Jwt.jwks(jwksUrl).withIssuer(Tokens.ISSUER).withAudience(Tokens.AUDIENCE)))) {
      Api api = EdgeCluster.shared().client(server);
      String saleId = api.create(TestSale.active().product("tee", "19.99", 100).perUserLimit(5));
      String userId = Api.newId("user");

      api.place(saleId, userId, "tee", 1, "Authorization", bearer(token(forged, JWSAlgorithm.RS256, userId)))
          .expectError(401, "UNAUTHORIZED");
      api.place(saleId, userId, "tee", 1, "Authorization", bearer(token(published, JWSAlgorithm.RS256, userId))).expect(201);
    } finally {
      issuer.stop(0);
    }
  }

  @Test
  void while_the_issuers_key_set_cannot_be_fetched_a_shopper_call_is_503_with_retry_after_not_401() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-unreachable").generate();
    HttpServer gone = jwksEndpoint(new AtomicReference<>(new JWKSet(key)), new AtomicInteger());
    URI jwksUrl = URI.create("http://127.0.0.1:" + gone.getAddress().getPort() + "/jwks.json");
    gone.stop(0);
    try (ApiServer server = EdgeCluster.shared().start(1, EdgeSettings.defaults()
        .withJwt(EdgeSettings.Jwt.jwks(jwksUrl).withIssuer(Tokens.ISSUER).withAudience(Tokens.AUDIENCE)))) {
      Api api = EdgeCluster.shared().client(server);
      String userId = Api.newId("user");

      var answer = api.get("/api/users/" + userId + "/orders", "Authorization",
          bearer(token(key, JWSAlgorithm.RS256, userId)));

      answer.expectError(503, "UNAVAILABLE");
      assertThat(answer.header("Retry-After")).isPresent();
    }
  }

  /** Serves the public half of whatever set {@code published} holds, counting the fetches. */
  private static HttpServer jwksEndpoint(AtomicReference<JWKSet> published, AtomicInteger fetches) throws IOException {
    HttpServer issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      byte[] body = published.get().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    issuer.start();
    return issuer;
  }

  private static String token(JWK key, JWSAlgorithm algorithm, String userId) throws JOSEException {
    JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
        Tokens.claims(userId, Instant.now().minusSeconds(5), Instant.now().plus(Duration.ofMinutes(10))).build());
    jwt.sign(signer);
    return jwt.serialize();
  }
}
