package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.RawHttp;
import com.flashsale.web.testing.TestSale;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random text (U+0000, lone surrogates, emoji, up to 64 KiB) and random instants (years -100..10100) through
 * every route that stores what it is given: creating a sale, placing an order (body, {@code Idempotency-Key}
 * and path), paying it. Each answer is a 2xx exactly when every value can be stored as given (the test's own
 * oracle: text that survives a UTF-8 round trip and has no U+0000, instants in the years 0001..9999, derived
 * ones included), otherwise a 4xx with the contract's JSON error; never a 5xx. A 2xx value reads back
 * through the API exactly as it was answered. ({@code StorableInputHttpTest} follows such values into PostgreSQL.)
 */
class StorableInputPropertyTest {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final int SHOPPER_BODY_LIMIT = 16 * 1024;
  private static final AtomicLong UNIQUE = new AtomicLong();

  private static ApiServer server;
  private static Api api;
  private static String saleId;

  @BeforeContainer
  static void start() {
    // Without the per-user rate: shrinking repeats one user many times a second, and a 429 is no verdict on input.
    server = EdgeCluster.shared().start(0, EdgeSettings.defaults().withRates(null, null));
    api = EdgeCluster.shared().client(server);
    saleId = api.create(TestSale.active().product("tee", "1.00", 1_000_000).perUserLimit(1_000_000));
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
  void a_sale_is_created_exactly_when_all_of_it_can_be_stored_and_reads_back_as_answered(
      @ForAll("texts") String name, @ForAll("texts") String description, @ForAll("instants") Instant startsAt,
      @ForAll("instants") Instant endsAt, @ForAll @IntRange(min = 0, max = 86_400) int paymentWindowSeconds) {
    String id = Api.newId("prop");
    String body = "{\"saleId\":\"" + id + "\",\"name\":" + json(name) + ",\"startsAt\":\"" + startsAt
        + "\",\"endsAt\":\"" + endsAt + "\",\"paymentWindowSeconds\":" + paymentWindowSeconds
        + ",\"products\":[{\"productId\":\"tee\",\"name\":\"Tee\",\"description\":" + json(description)
        + ",\"price\":\"1.00\",\"currency\":\"EUR\",\"stock\":1}]}";
    boolean storable = storable(name) && !name.isBlank() && name.length() <= 200
        && storable(description) && description.length() <= 4000
        && inYears(startsAt) && inYears(endsAt) && endsAt.isAfter(startsAt)
        && inYears(endsAt.plusSeconds(paymentWindowSeconds));

    Answer created = api.adminPost("/api/admin/sales", body);

    if (!storable) {
      created.expectError(400, "INVALID_REQUEST");
      return;
    }
    created.expect(201);
    JsonNode stored = api.get("/api/sales/" + id).expect(200);
    for (JsonNode sale : List.of(created.json(), stored)) {
      assertThat(sale.path("name").asText()).isEqualTo(name);
      assertThat(sale.path("products").get(0).path("description").asText()).isEqualTo(description);
      assertThat(Instant.parse(sale.path("startsAt").asText())).isEqualTo(startsAt);
      assertThat(Instant.parse(sale.path("endsAt").asText())).isEqualTo(endsAt);
    }
  }

  @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
  void an_order_and_its_payment_are_taken_exactly_when_storable_and_read_back_as_answered(
      @ForAll("userIds") String userId, @ForAll("idempotencyKeys") String keyText, @ForAll("texts") String paymentRef) {
    String key = keyText == null ? null : keyText + "-" + UNIQUE.incrementAndGet();
    List<String> headers = new ArrayList<>(List.of("Content-Type: application/json"));
    if (key != null) {
      headers.add("Idempotency-Key: " + key);
    }
    byte[] order = ("{\"userId\":" + json(userId) + ",\"productId\":\"tee\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
    // Jetty trims the optional white space around a header value (spaces and tabs, as HTTP says) and refuses
    // other control characters anywhere in it; the API judges what is left.
    String trimmedKey = key == null ? null : key.replaceAll("^[ \\t]+|[ \\t]+$", "");
    boolean storable = ID.matcher(userId).matches()
        && (key == null || trimmedKey.length() <= 128 && !trimmedKey.isEmpty()
            && trimmedKey.chars().allMatch(c -> c > 0x20 && c < 0x7f));

    Answer placed = RawHttp.send(api.port(), "POST", "/api/sales/" + saleId + "/orders", headers, order);

    if (!storable) {
      placed.expectCleanRejection();
      return;
    }
    String orderId = placed.expect(201).path("orderId").asText();
    assertThat(api.order(orderId).path("userId").asText()).isEqualTo(userId);
    if (key != null) {
      Answer replay = RawHttp.send(api.port(), "POST", "/api/sales/" + saleId + "/orders", headers, order);
      assertThat(replay.expect(200).path("orderId").asText()).as("the key was stored as given").isEqualTo(orderId);
    }
    byte[] payment = ("{\"outcome\":\"SUCCEEDED\",\"paymentRef\":" + json(paymentRef) + "}").getBytes(StandardCharsets.UTF_8);
    boolean paymentStorable = storable(paymentRef) && paymentRef.length() <= 128;

    Answer paid = RawHttp.send(api.port(), "POST", "/api/orders/" + orderId + "/payment",
        List.of("Content-Type: application/json"), payment);

    if (!paymentStorable) {
      paid.expectCleanRejection();
      assertThat(paid.status()).isEqualTo(payment.length > SHOPPER_BODY_LIMIT ? 413 : 400);
      assertThat(api.order(orderId).path("status").asText()).isEqualTo("PENDING");
      return;
    }
    assertThat(paid.expect(200).path("paymentRef").asText()).isEqualTo(paymentRef);
    assertThat(api.order(orderId).path("paymentRef").asText()).isEqualTo(paymentRef);
  }

  @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
  void a_path_id_of_any_text_gets_a_json_answer_and_never_a_5xx(
      @ForAll("shortTexts") String id, @ForAll("routes") String route) {
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    boolean post = route.startsWith("POST ");
    String target = route.substring(route.indexOf(' ') + 1).replace("{id}", encoded).replace("{sale}", saleId);
    List<String> headers = List.of("Content-Type: application/json", "Authorization: Bearer a-test-admin-token-123");
    byte[] body = post ? Api.orderBody("path-user-" + UNIQUE.incrementAndGet(), "tee", 1).getBytes(StandardCharsets.UTF_8) : null;

    Answer answer = RawHttp.send(api.port(), post ? "POST" : "GET", target, headers, body);

    assertThat(answer.status()).as(answer.describe()).isLessThan(500);
    if (answer.status() >= 400) {
      answer.expectCleanRejection();
    }
  }

  // ---- the oracle: what PostgreSQL stores as given ----

  /** Text survives a UTF-8 round trip (no lone surrogate) and holds no U+0000 (PostgreSQL's text refuses it). */
  private static boolean storable(String text) {
    return text.indexOf('\u0000') < 0 && new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
  }

  private static boolean inYears(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  /** A JSON string of plain ASCII: every other character escaped, so lone surrogates reach the server's reader. */
  private static String json(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.append('"').toString();
  }

  // ---- generators ----

  /** Text as {@link #shortTexts}, and now and then 100 B to 64 KiB of it ending in an emoji or half of one. */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> long64k = Arbitraries.integers().between(100, 64 * 1024)
        .flatMap(length -> Arbitraries.of("x", "\uD83C\uDF89", "\uD83C").map(piece -> "x".repeat(length) + piece));
    return Arbitraries.frequencyOf(Tuple.of(8, shortTexts()), Tuple.of(1, long64k));
  }

  /**
   * A few dozen characters: odd pieces (U+0000, lone surrogates, emoji, quotes, controls) or any UTF-16 units.
   * Short enough for a request line: a 64 KiB path would only meet Jetty's 414 while the client still writes.
   */
  @Provide
  Arbitrary<String> shortTexts() {
    Arbitrary<String> pieces = Arbitraries.of("a", "Z", "7", " ", "é", "中", "\u0000", "\uD83C", "\uDF89", "\uD83C\uDF89",
        "\uD834\uDD1E", "\"", "\\", "\n", "\t", "\u200D", "\uFFFF", "\uFEFF").list().ofMaxSize(24)
        .map(list -> String.join("", list));
    Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(40);
    return Arbitraries.frequencyOf(Tuple.of(5, pieces), Tuple.of(3, anyChars));
  }

  @Provide
  Arbitrary<Instant> instants() {
    long earliest = Instant.parse("-0100-01-01T00:00:00Z").toEpochMilli();
    long latest = Instant.parse("+10100-01-01T00:00:00Z").toEpochMilli();
    Arbitrary<Instant> anywhere = Arbitraries.longs().between(earliest, latest).map(Instant::ofEpochMilli);
    Arbitrary<Instant> edges = Arbitraries.of(EARLIEST, EARLIEST.minusMillis(1), LATEST, LATEST.plusMillis(1),
        Instant.parse("9999-12-31T00:00:00Z"), Instant.parse("9999-12-30T12:00:00Z"), Instant.parse("2026-11-21T10:00:00Z"));
    Arbitrary<Instant> near = Arbitraries.longs().between(-86_400_000L * 2, 86_400_000L * 2)
        .map(offset -> LATEST.minusMillis(86_400_000L).plusMillis(offset));
    return Arbitraries.frequencyOf(Tuple.of(3, anywhere), Tuple.of(2, edges), Tuple.of(2, near));
  }

  @Provide
  Arbitrary<String> userIds() {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.create(() -> Api.newId("prop-user"))), Tuple.of(2, texts()));
  }

  @Provide
  Arbitrary<String> idempotencyKeys() {
    Arbitrary<String> printable = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(120);
    // Bytes a header can carry on the wire: anything but CR and LF, which would end the header.
    Arbitrary<String> latin1 = Arbitraries.strings().withCharRange('\u0000', '\u00FF')
        .excludeChars('\r', '\n').ofMaxLength(140);
    return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(null)), Tuple.of(3, printable), Tuple.of(3, latin1));
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of("POST /api/sales/{id}/orders", "GET /api/sales/{id}", "GET /api/sales/{sale}/products/{id}",
        "GET /api/orders/{id}", "POST /api/orders/{id}/payment", "POST /api/orders/{id}/cancel",
        "GET /api/users/{id}/orders", "POST /api/admin/sales/{id}/end", "GET /api/admin/sales/{id}/stats");
  }
}
