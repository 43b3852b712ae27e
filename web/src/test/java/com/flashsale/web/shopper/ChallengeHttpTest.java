package com.flashsale.web.shopper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.http.Json;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.altcha.altcha.Altcha;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proof-of-work gate of a sale created with {@code "requireChallenge": true}: placing needs a solved
 * ALTCHA challenge from {@code GET /api/challenge} in {@code X-Altcha}; without one it is 400
 * CHALLENGE_REQUIRED, a wrong, expired or replayed one is 403 CHALLENGE_FAILED, and sales without the flag
 * are not challenged.
 */
@ExtendWith(LiveServer.class)
class ChallengeHttpTest {

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  private static String challengedSale() {
    TestSale sale = TestSale.active().product("tee", "19.99", 10).perUserLimit(5);
    sale.body().put("requireChallenge", true);
    return api.create(sale);
  }

  /** Solves a challenge as the shopper's browser does and encodes the payload for {@code X-Altcha}. */
  private static String solve(JsonNode challenge) throws Exception {
    Altcha.Solution solution = Altcha.solveChallenge(challenge.path("challenge").asText(), challenge.path("salt").asText(),
        Altcha.Algorithm.fromString(challenge.path("algorithm").asText()), challenge.path("maxnumber").asLong(), 0);
    assertThat(solution).as("a solution to " + challenge).isNotNull();
    return payload(challenge, solution.number);
  }

  private static String payload(JsonNode challenge, long number) throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("algorithm", challenge.path("algorithm").asText());
    payload.put("challenge", challenge.path("challenge").asText());
    payload.put("number", number);
    payload.put("salt", challenge.path("salt").asText());
    payload.put("signature", challenge.path("signature").asText());
    return Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(payload));
  }

  @Test
  void the_challenge_endpoint_hands_out_a_signed_expiring_challenge() {
    JsonNode challenge = api.get("/api/challenge").expect(200);

    assertThat(challenge.path("algorithm").asText()).isEqualTo("SHA-256");
    assertThat(challenge.path("challenge").asText()).isNotBlank();
    assertThat(challenge.path("signature").asText()).isNotBlank();
    assertThat(challenge.path("maxnumber").asLong()).isPositive();
    assertThat(challenge.path("salt").asText()).contains("expires=");
  }

  @Test
  void placing_in_a_challenged_sale_without_a_solution_is_400_challenge_required() {
    String saleId = challengedSale();

    api.place(saleId, Api.newId("user"), "tee", 1).expectError(400, "CHALLENGE_REQUIRED");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void a_solved_challenge_places_the_order_once_and_its_replay_is_403_challenge_failed() throws Exception {
    String saleId = challengedSale();
    String solved = solve(api.get("/api/challenge").expect(200));

    api.place(saleId, Api.newId("user"), "tee", 1, Challenges.HEADER, solved).expect(201);
    api.place(saleId, Api.newId("user"), "tee", 1, Challenges.HEADER, solved).expectError(403, "CHALLENGE_FAILED");

    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void a_wrong_solution_or_garbage_is_403_challenge_failed() throws Exception {
    String saleId = challengedSale();
    JsonNode challenge = api.get("/api/challenge").expect(200);
    Altcha.Solution right = Altcha.solveChallenge(challenge.path("challenge").asText(), challenge.path("salt").asText(),
        Altcha.Algorithm.SHA256, challenge.path("maxnumber").asLong(), 0);

    api.place(saleId, Api.newId("user"), "tee", 1, Challenges.HEADER, payload(challenge, right.number + 1))
        .expectError(403, "CHALLENGE_FAILED");
    String notJson = Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8));
    api.place(saleId, Api.newId("user"), "tee", 1, Challenges.HEADER, notJson).expectError(403, "CHALLENGE_FAILED");
    api.place(saleId, Api.newId("user"), "tee", 1, Challenges.HEADER, "%%%").expectError(403, "CHALLENGE_FAILED");
    assertThat(api.available(saleId, "tee")).isEqualTo(10);
  }

  @Test
  void an_expired_challenge_is_403_challenge_failed_even_when_solved() throws Exception {
    String saleId = challengedSale();
    // A challenge this cluster signed (its key is in the grid) that expired a minute ago.
    String key = LiveServer.node().instance().<String, String>getMap(Challenges.SECRETS).get("altcha");
    Altcha.Challenge expired = Altcha.createChallenge(new Altcha.ChallengeOptions().setHmacKey(key).setMaxNumber(1000L)
        .setExpires(Instant.now().getEpochSecond() - 60));
    JsonNode challenge = Json.MAPPER.valueToTree(Map.of("algorithm", expired.algorithm, "challenge", expired.challenge,
        "maxnumber", expired.maxnumber, "salt", expired.salt, "signature", expired.signature));

    api.place(saleId, Api.newId("user"), "tee", 1, Challenges.HEADER, solve(challenge))
        .expectError(403, "CHALLENGE_FAILED");
  }

  @Test
  void a_sale_without_the_flag_takes_orders_without_a_challenge() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));

    api.place(saleId, Api.newId("user"), "tee", 1).expect(201);
  }

  @Test
  void require_challenge_must_be_a_json_boolean() {
    TestSale sale = TestSale.active().product("tee", "19.99", 10);
    sale.body().put("requireChallenge", "yes");

    api.adminPost("/api/admin/sales", sale.toJson()).expectError(400, "INVALID_REQUEST");
    api.get("/api/sales/" + sale.saleId()).expectError(404, "SALE_NOT_FOUND");
  }
}
