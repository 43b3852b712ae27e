package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /openapi.json} against the real routes: the document describes exactly the contract's routes,
 * and every route it describes is served (answers something other than the 404 of an unknown path).
 */
@ExtendWith(LiveServer.class)
class OpenApiDocumentHttpTest {

  /** The contract's routes (CONTRACT.md), the dashboard's, the shopper's page's and the API docs page's, as "METHOD path" in OpenAPI's template syntax. */
  static final Set<String> CONTRACT_ROUTES = new TreeSet<>(List.of(
      "GET /api/sales",
      "GET /api/sales/{saleId}",
      "GET /api/sales/{saleId}/products/{productId}",
      "POST /api/sales/{saleId}/orders",
      "POST /api/sales/{saleId}/queue",
      "GET /api/sales/{saleId}/queue/{ticketId}",
      "GET /api/orders/{orderId}",
      "POST /api/orders/{orderId}/payment",
      "POST /api/orders/{orderId}/cancel",
      "GET /api/users/{userId}/orders",
      "GET /api/challenge",
      "POST /api/admin/sales",
      "POST /api/admin/sales/{saleId}/end",
      "GET /api/admin/sales/{saleId}/stats",
      "GET /api/admin/sales/{saleId}/stats/stream",
      "POST /api/admin/reconciliation",
      "GET /api/admin/reconciliation",
      "GET /api/admin/cluster",
      "GET /api/admin/jobs",
      "GET /health/live",
      "GET /health/ready",
      "GET /metrics",
      "GET /openapi.json",
      "GET /docs",
      "GET /dashboard",
      "GET /dashboard/{file}",
      "GET /shop/{saleId}",
      "GET /shop/assets/{asset}"));

  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void the_document_is_served_as_openapi_3_json() {
    JsonNode document = api.get("/openapi.json").expect(200);

    assertThat(document.path("openapi").asText()).startsWith("3.");
    assertThat(document.path("info").path("title").asText()).isNotBlank();
    assertThat(document.path("paths").isObject()).isTrue();
  }

  /** An answer larger than the buffer it is copied through arrives whole, compressed for a client that asks. */
  @Test
  void the_document_arrives_whole_gzip_compressed_when_asked_and_plain_when_not() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<byte[]> plain = client.send(api.request("/openapi.json").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> gzip = client.send(api.request("/openapi.json").header("Accept-Encoding", "gzip").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(plain.body().length).as("larger than the copy buffer").isGreaterThan(4 * 4_096);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
      assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
    }
  }

  @Test
  void the_document_describes_exactly_the_routes_of_the_contract() {
    assertThat(documentedRoutes()).containsExactlyElementsOf(CONTRACT_ROUTES);
  }

  @Test
  void every_route_in_the_document_is_served() {
    List<String> unserved = new ArrayList<>();
    for (String route : documentedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1)
          .replace("{saleId}", "some-sale").replace("{productId}", "some-product")
          .replace("{orderId}", "12345-0").replace("{userId}", "some-user").replace("{ticketId}", "0-1-x")
          .replace("{file}", "dashboard.js").replace("{asset}", "shop.js");
      HttpRequest.Builder request = api.request(path)
          .header("Authorization", "Bearer " + LiveServer.ADMIN_TOKEN)
          .header("Content-Type", "application/json")
          .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString("{}"));
      Answer answer = api.send(request);
      assertThat(answer.status()).as(answer.describe()).isLessThan(500);
      if (answer.status() == 404 && answer.json().path("error").asText().equals("NOT_FOUND")) {
        unserved.add(route);
      }
    }
    assertThat(unserved).as("documented routes that answer as an unknown path").isEmpty();
  }

  @Test
  void every_documented_operation_names_its_responses() {
    JsonNode paths = api.get("/openapi.json").expect(200).path("paths");
    paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
      if (HTTP_METHODS.contains(operation.getKey())) {
        assertThat(operation.getValue().path("responses").size())
            .as("responses of " + operation.getKey() + " " + path.getKey()).isPositive();
      }
    }));
  }

  private static Set<String> documentedRoutes() {
    JsonNode paths = api.get("/openapi.json").expect(200).path("paths");
    Set<String> routes = new TreeSet<>();
    for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
      String path = names.next();
      paths.path(path).fieldNames().forEachRemaining(method -> {
        if (HTTP_METHODS.contains(method)) {
          routes.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      });
    }
    return routes;
  }
}
