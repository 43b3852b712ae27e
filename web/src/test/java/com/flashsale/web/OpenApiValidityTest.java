package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi.json is a valid OpenAPI 3 document (swagger-parser's validation: structure, types, references), and it
 * states what CONTRACT.md (v2) says every call may answer: the statuses of each call, {@code Retry-After} on every
 * 429 and 503, the placement's request headers, the error shape.
 */
class OpenApiValidityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static String text;
  private static JsonNode document;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = OpenApiValidityTest.class.getResourceAsStream("/openapi.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    document = JSON.readTree(text);
  }

  @Test
  void the_document_is_valid_openapi_3() {
    SwaggerParseResult parsed = parse(text);

    assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.0");
    assertThat(parsed.getOpenAPI().getPaths()).hasSameSizeAs(iterable(document.path("paths")));
  }

  @Test
  void the_validator_finds_what_breaks_a_document() throws IOException {
    JsonNode broken = document.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/paths/~1api~1sales/get/responses/200"))
        .remove("description");
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/paths/~1api~1orders~1{orderId}/get/responses/200"
        + "/content/application~1json/schema")).put("$ref", "#/components/schemas/NoSuchSchema");

    List<String> messages = parse(JSON.writeValueAsString(broken)).getMessages();

    assertThat(messages).anySatisfy(message -> assertThat(message).contains("description"));
    assertThat(messages).anySatisfy(message -> assertThat(message).contains("NoSuchSchema"));
  }

  @Test
  void every_429_and_503_says_when_to_retry() {
    List<String> missing = new ArrayList<>();
    forEachOperation((name, operation) -> {
      for (String status : List.of("429", "503")) {
        JsonNode response = resolve(operation.path("responses").path(status));
        if (!response.isMissingNode() && !resolve(response.path("headers").path("Retry-After")).path("required").asBoolean()) {
          missing.add(status + " of " + name);
        }
      }
    });
    assertThat(missing).as("429 and 503 answers without a required Retry-After").isEmpty();
  }

  @Test
  void every_call_under_api_names_its_refusals_in_the_error_shape() {
    List<String> wrong = new ArrayList<>();
    forEachOperation((name, operation) -> {
      if (!name.contains(" /api/")) {
        return;
      }
      if (!operation.path("responses").has("503")) {
        wrong.add(name + " has no 503");
      }
      operation.path("responses").fields().forEachRemaining(response -> {
        if ((response.getKey().startsWith("4") || response.getKey().startsWith("5") || response.getKey().equals("default"))
            && !resolve(resolve(response.getValue()).at("/content/application~1json/schema")).toString()
            .contains("#/components/schemas/")) {
          wrong.add(name + " " + response.getKey() + " is not in the error shape");
        }
      });
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void every_operation_lists_the_refusals_of_the_http_layer() {
    List<String> missing = new ArrayList<>();
    forEachOperation((name, operation) -> {
      for (String status : List.of("400", "414", "431")) {
        if (!operation.path("responses").has(status)) {
          missing.add(status + " of " + name);
        }
      }
    });
    assertThat(missing).as("Jetty answers these on any path before a route runs").isEmpty();
  }

  @Test
  void placing_an_order_documents_the_contracts_statuses_and_headers() {
    JsonNode placement = document.at("/paths/~1api~1sales~1{saleId}~1orders/post");

    assertThat(iterable(placement.path("responses")).stream().map(Map.Entry::getKey).toList())
        .contains("200", "201", "400", "401", "403", "404", "409", "413", "422", "429", "503");
    assertThat(placement.path("parameters").findValuesAsText("$ref").stream().map(this::resolvedName).toList())
        .contains("Idempotency-Key", "X-Admission", "X-Altcha");
    assertThat(placement.at("/responses/409/content/application~1json/schema/oneOf").toString())
        .contains("SaleNotActive", "SoldOut", "InsufficientStock", "LimitExceeded");
    assertThat(document.at("/components/schemas/Error/properties").fieldNames()).toIterable()
        .contains("error", "message", "status", "available", "limit", "held");
    assertThat(document.at("/paths/~1api~1admin~1sales/post/responses").fieldNames()).toIterable()
        .contains("201", "400", "401", "409", "413");
  }

  @Test
  void the_descriptions_state_the_contracts_input_and_rate_rules() {
    String invalid = document.at("/components/responses/InvalidRequest/description").asText();
    String placement = document.at("/paths/~1api~1sales~1{saleId}~1orders/post/description").asText();

    assertThat(invalid).contains("U+0000", "unpaired surrogate", "0001..9999", "column");
    assertThat(placement).contains("5 per second", "bursts of 10", "Retry-After", "U+0000");
  }

  @Test
  void the_admin_answers_have_typed_schemas() {
    for (String schema : List.of("SaleStatistics", "ReconciliationReport", "Cluster", "JetJob")) {
      assertThat(document.at("/components/schemas/" + schema + "/properties").size()).as(schema).isGreaterThan(3);
      assertThat(document.at("/components/schemas/" + schema + "/required").size()).as(schema).isGreaterThan(3);
    }
    assertThat(document.at("/paths/~1api~1admin~1sales~1{saleId}~1stats/get/responses/200/content/application~1json/schema/$ref")
        .asText()).isEqualTo("#/components/schemas/SaleStatistics");
    assertThat(document.at("/paths/~1api~1admin~1reconciliation/post/responses/200/content/application~1json/schema/$ref")
        .asText()).isEqualTo("#/components/schemas/ReconciliationReport");
  }

  private static SwaggerParseResult parse(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(json, null, options);
  }

  private String resolvedName(String reference) {
    return resolve(JSON.createObjectNode().put("$ref", reference)).path("name").asText();
  }

  private static JsonNode resolve(JsonNode node) {
    String reference = node.path("$ref").asText("");
    return reference.startsWith("#/") ? document.at(reference.substring(1)) : node;
  }

  private static void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
      if (METHODS.contains(operation.getKey())) {
        action.accept(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), operation.getValue());
      }
    }));
  }

  private static List<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    object.fields().forEachRemaining(entries::add);
    return entries;
  }
}
