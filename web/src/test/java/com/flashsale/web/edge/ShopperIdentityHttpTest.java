package com.flashsale.web.edge;

import static com.flashsale.web.edge.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.TestSale;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shopper identity against a real API with JWTs on (HS256, issuer and audience required): a valid token acts as
 * its subject; missing, expired, not-yet-valid, wrongly signed and wrongly addressed tokens are 401; a token
 * for one user cannot act for another (403) nor see or change their orders (404). RS256 with a public key too.
 */
class ShopperIdentityHttpTest {

  private static ApiServer server;
  private static Api api;
  private static String saleId;

  @BeforeAll
  static void start() {
    EdgeSettings settings = EdgeSettings.defaults()
        .withJwt(EdgeSettings.Jwt.hs256(Tokens.SECRET).withIssuer(Tokens.ISSUER).withAudience(Tokens.AUDIENCE));
    server = EdgeCluster.shared().start(0, settings);
    api = EdgeCluster.shared().client(server);
    saleId = api.create(TestSale.active().product("tee", "19.99", 100).perUserLimit(5));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Answer placeAs(String token, String userId) {
    return api.place(saleId, userId, "tee", 1, "Authorization", bearer(token));
  }

  @Test
  void a_valid_token_places_an_order_for_its_subject() {
    String userId = Api.newId("user");

    JsonNode order = placeAs(Tokens.valid(userId), userId).expect(201);

    assertThat(order.path("userId").asText()).isEqualTo(userId);
  }

  @Test
  void a_shopper_call_without_a_token_is_401_unauthorized_with_www_authenticate() {
    Answer answer = api.get("/api/sales/" + saleId);

    answer.expectError(401, "UNAUTHORIZED");
    assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    api.place(saleId, Api.newId("user"), "tee", 1).expectError(401, "UNAUTHORIZED");
  }

  @Test
  void an_expired_token_is_401() {
    String userId = Api.newId("user");
    String expired = Tokens.hs256(Tokens.SECRET,
        Tokens.claims(userId, Instant.now().minusSeconds(3600), Instant.now().minusSeconds(600)));

    assertThat(placeAs(expired, userId).expectError(401, "UNAUTHORIZED").path("message").asText()).contains("expired");
  }

  @Test
  void a_token_that_is_not_valid_yet_is_401() {
    String userId = Api.newId("user");
    String early = Tokens.hs256(Tokens.SECRET,
        Tokens.claims(userId, Instant.now().plus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(20))));

    placeAs(early, userId).expectError(401, "UNAUTHORIZED");
  }

  @Test
  void a_token_signed_with_another_key_is_401() {
    String userId = Api.newId("user");
    String forged = Tokens.hs256(Tokens.OTHER_SECRET,
        Tokens.claims(userId, Instant.now().minusSeconds(5), Instant.now().plusSeconds(600)));

    placeAs(forged, userId).expectError(401, "UNAUTHORIZED");
  }

  @Test
  void a_token_with_a_tampered_payload_or_no_signature_is_401() {
    String userId = Api.newId("user");
    String[] parts = Tokens.valid(userId).split("\\.");
    String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"sub\":\"mallory\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}").getBytes());
    String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
        + "." + otherPayload + ".";

    placeAs(parts[0] + "." + otherPayload + "." + parts[2], "mallory").expectError(401, "UNAUTHORIZED");
    placeAs(unsigned, "mallory").expectError(401, "UNAUTHORIZED");
    placeAs("not-a-jwt", "mallory").expectError(401, "UNAUTHORIZED");
  }

  @Test
  void a_token_from_another_issuer_or_for_another_audience_is_401() {
    String userId = Api.newId("user");
    Instant now = Instant.now();

    placeAs(Tokens.hs256(Tokens.SECRET, Tokens.claims(userId, now.minusSeconds(5), now.plusSeconds(600))
        .issuer("https://elsewhere.test")), userId).expectError(401, "UNAUTHORIZED");
    placeAs(Tokens.hs256(Tokens.SECRET, Tokens.claims(userId, now.minusSeconds(5), now.plusSeconds(600))
        .audience("another-api")), userId).expectError(401, "UNAUTHORIZED");
  }

  @Test
  void placing_an_order_for_another_user_than_the_token_subject_is_403_forbidden() {
    String alice = Api.newId("alice");

    placeAs(Tokens.valid(alice), Api.newId("bob")).expectError(403, "FORBIDDEN");
  }

  @Test
  void another_users_order_is_404_to_read_to_pay_and_to_cancel_and_stays_untouched() {
    String alice = Api.newId("alice");
    String bob = Api.newId("bob");
    String orderId = placeAs(Tokens.valid(alice), alice).expect(201).path("orderId").asText();
    String asBob = bearer(Tokens.valid(bob));

    api.get("/api/orders/" + orderId, "Authorization", asBob).expectError(404, "ORDER_NOT_FOUND");
    api.post("/api/orders/" + orderId + "/payment", "{\"outcome\":\"FAILED\"}", "Authorization", asBob)
        .expectError(404, "ORDER_NOT_FOUND");
    api.post("/api/orders/" + orderId + "/cancel", null, "Authorization", asBob).expectError(404, "ORDER_NOT_FOUND");

    JsonNode own = api.get("/api/orders/" + orderId, "Authorization", bearer(Tokens.valid(alice))).expect(200);
    assertThat(own.path("status").asText()).isEqualTo("PENDING");
    api.post("/api/orders/" + orderId + "/cancel", null, "Authorization", bearer(Tokens.valid(alice))).expect(200);
  }

  @Test
  void another_users_order_list_is_403_and_ones_own_is_200() {
    String alice = Api.newId("alice");
    placeAs(Tokens.valid(alice), alice).expect(201);

    api.get("/api/users/" + alice + "/orders", "Authorization", bearer(Tokens.valid(Api.newId("bob"))))
        .expectError(403, "FORBIDDEN");
    assertThat(api.get("/api/users/" + alice + "/orders", "Authorization", bearer(Tokens.valid(alice))).expect(200))
        .hasSize(1);
  }

  @Test
  void the_operator_api_keeps_its_admin_token_and_ignores_shopper_tokens() {
    api.adminGet("/api/admin/cluster").expect(200);
    api.get("/api/admin/cluster", "Authorization", bearer(Tokens.valid("alice"))).expectError(401, "UNAUTHORIZED");
  }

  @Test
  void an_rs256_token_is_verified_with_the_configured_public_key() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair issuerKeys = generator.generateKeyPair();
    KeyPair strangerKeys = generator.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(issuerKeys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    ApiServer rsaServer = EdgeCluster.shared().start(1, EdgeSettings.fromEnvironment(
        java.util.Map.of("FLASHSALE_JWT_PUBLIC_KEY", pem)));
    try {
      Api rsaApi = EdgeCluster.shared().client(rsaServer);
      String userId = Api.newId("user");
      Instant now = Instant.now();

      rsaApi.place(saleId, userId, "tee", 1, "Authorization",
          bearer(Tokens.rs256(issuerKeys.getPrivate(), Tokens.claims(userId, now.minusSeconds(5), now.plusSeconds(600)))))
          .expect(201);
      rsaApi.place(saleId, userId, "tee", 1, "Authorization",
          bearer(Tokens.rs256(strangerKeys.getPrivate(), Tokens.claims(userId, now.minusSeconds(5), now.plusSeconds(600)))))
          .expectError(401, "UNAUTHORIZED");
      rsaApi.place(saleId, userId, "tee", 1, "Authorization", bearer(Tokens.valid(userId)))
          .expectError(401, "UNAUTHORIZED");
    } finally {
      rsaServer.close();
    }
  }
}
