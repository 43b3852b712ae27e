package com.flashsale.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's own OpenAPI document ({@code openapi.json}, the file {@code GET /openapi.json} serves) as the tests
 * hold answers to it: for a documented operation, the answer's status must be one the operation documents, its
 * required headers ({@code Retry-After} on 429 and 503, ...) must be there, its media type must be a documented
 * one, and a JSON body must match the response's schema (OpenAPI 3.0 dialect of json-schema-validator, formats
 * such as {@code date-time} asserted). {@link Api} checks every answer it gets, so every HTTP test checks the
 * document too. Routes and methods the document does not describe are not judged here (OpenApiDocumentHttpTest
 * holds the document to the routes). A {@code default} response stands only for 4xx answers: a 5xx other than a
 * documented one (a 500 above all) is always a violation.
 */
public final class OpenApiResponses {

  /** Where the validator thinks the document lives; it is never fetched, the registry holds its text. */
  private static final String DOCUMENT_IRI = "https://flashsale.invalid/openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static OpenApiResponses served;

  private final JsonNode document;
  private final List<Route> routes = new ArrayList<>();
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private OpenApiResponses(String documentText) {
    try {
      this.document = JSON.readTree(documentText);
    } catch (IOException notJson) {
      throw new IllegalArgumentException("the OpenAPI document is not JSON", notJson);
    }
    document.path("paths").fieldNames().forEachRemaining(template -> routes.add(Route.of(template)));
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
        builder -> builder.schemas(Map.of(DOCUMENT_IRI, documentText)).schemaRegistryConfig(config));
  }

  /** The document the server serves, read once from the classpath. */
  public static synchronized OpenApiResponses served() {
    if (served == null) {
      try (InputStream in = OpenApiResponses.class.getResourceAsStream("/openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("openapi.json is missing from the classpath");
        }
        served = new OpenApiResponses(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException unreadable) {
        throw new UncheckedIOException(unreadable);
      }
    }
    return served;
  }

  /** Another document, for tests of this checker. */
  public static OpenApiResponses of(String documentText) {
    return new OpenApiResponses(documentText);
  }

  /** Fails (AssertionError) when the answer breaks the document; see {@link #violations}. */
  public void check(Answer answer) {
    List<String> violations = violations(answer);
    if (!violations.isEmpty()) {
      throw new AssertionError(answer.describe() + " does not match openapi.json:\n  " + String.join("\n  ", violations));
    }
  }

  /** What in the answer the document does not allow; empty when it conforms or the operation is not documented. */
  public List<String> violations(Answer answer) {
    String method = answer.request().substring(0, answer.request().indexOf(' ')).toLowerCase(Locale.ROOT);
    String target = answer.request().substring(answer.request().indexOf(' ') + 1);
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    Optional<Route> route = routes.stream().filter(candidate -> candidate.matches(path)).findFirst();
    if (route.isEmpty() || !document.path("paths").path(route.get().template).has(method)) {
      return List.of();
    }
    String operationPointer = "/paths/" + escape(route.get().template) + "/" + method;
    String operation = method.toUpperCase(Locale.ROOT) + " " + route.get().template;
    Optional<String> responsePointer = response(operationPointer, answer.status());
    if (responsePointer.isEmpty()) {
      return List.of("status " + answer.status() + " is not documented for " + operation);
    }
    String pointer = resolve(responsePointer.get());
    JsonNode response = document.at(pointer);
    List<String> violations = new ArrayList<>(headerViolations(response, answer, operation));
    violations.addAll(bodyViolations(pointer, response, answer, operation));
    return violations;
  }

  /** The response object's pointer for this status: the exact one, else {@code default} for a 4xx. */
  private Optional<String> response(String operationPointer, int status) {
    JsonNode responses = document.at(operationPointer + "/responses");
    if (responses.has(String.valueOf(status))) {
      return Optional.of(operationPointer + "/responses/" + status);
    }
    if (status >= 400 && status < 500 && responses.has("default")) {
      return Optional.of(operationPointer + "/responses/default");
    }
    return Optional.empty();
  }

  private List<String> headerViolations(JsonNode response, Answer answer, String operation) {
    List<String> violations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> headers = response.path("headers").fields(); headers.hasNext(); ) {
      Map.Entry<String, JsonNode> header = headers.next();
      JsonNode declared = header.getValue().has("$ref") ? document.at(resolve(header.getValue())) : header.getValue();
      Optional<String> value = answer.header(header.getKey());
      if (value.isEmpty()) {
        if (declared.path("required").asBoolean(false)) {
          violations.add(answer.status() + " of " + operation + " must carry the header " + header.getKey());
        }
      } else if (declared.path("schema").path("type").asText().equals("integer") && !INTEGER.matcher(value.get()).matches()) {
        violations.add("header " + header.getKey() + " must be an integer, got '" + value.get() + "'");
      }
    }
    return violations;
  }

  private List<String> bodyViolations(String responsePointer, JsonNode response, Answer answer, String operation) {
    JsonNode content = response.path("content");
    String mediaType = answer.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.isObject() || content.isEmpty()) {
      return answer.body().isEmpty() ? List.of()
          : List.of(answer.status() + " of " + operation + " documents no body, got " + answer.contentType());
    }
    if (!content.has(mediaType)) {
      List<String> documented = new ArrayList<>();
      content.fieldNames().forEachRemaining(documented::add);
      return List.of(answer.status() + " of " + operation + " is documented as " + documented + ", got '"
          + answer.contentType() + "'");
    }
    if (!mediaType.equals("application/json")) {
      return List.of();
    }
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (IOException notJson) {
      return List.of(answer.status() + " of " + operation + " says application/json but its body is not JSON");
    }
    Schema schema = schemas.computeIfAbsent(responsePointer + "/content/application~1json/schema",
        schemaPointer -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + schemaPointer)));
    return schema.validate(body).stream().map(error -> "body " + error).toList();
  }

  /** A pointer to the object itself, following one {@code $ref} (responses and headers may be references). */
  private String resolve(String pointer) {
    String reference = resolve(document.at(pointer));
    return reference.isEmpty() ? pointer : reference;
  }

  private static String resolve(JsonNode node) {
    String reference = node.path("$ref").asText("");
    return reference.startsWith("#") ? reference.substring(1) : reference;
  }

  /** JSON Pointer escaping of one reference token (RFC 6901). */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** A path template of the document as a pattern: each {@code {name}} is one non-empty segment. */
  private record Route(String template, Pattern pattern) {
    static Route of(String template) {
      StringBuilder regex = new StringBuilder();
      for (String part : template.split("(?=\\{)|(?<=\\})")) {
        regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
      }
      // Javalin ignores a trailing slash, so /api/sales/ is /api/sales.
      return new Route(template, Pattern.compile(regex + "/?"));
    }

    boolean matches(String path) {
      return pattern.matcher(path).matches();
    }
  }
}
