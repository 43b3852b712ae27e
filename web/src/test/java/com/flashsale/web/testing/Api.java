package com.flashsale.web.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The API of the running server as the tests call it: plain HTTP/1.1 with the JDK's client, bodies as
 * the caller wrote them (malformed ones included), and a few steps that most tests need (create a sale,
 * place an order, read what is available). Every answer is held to openapi.json ({@link OpenApiResponses}):
 * an undocumented status, a missing {@code Retry-After} or a body that breaks its schema fails the test.
 */
public final class Api {

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final int port;
  private final String adminToken;
  private final String clusterName;

  Api(int port, String adminToken, String clusterName) {
    this.port = port;
    this.adminToken = adminToken;
    this.clusterName = clusterName;
  }

  public int port() {
    return port;
  }

  public String clusterName() {
    return clusterName;
  }

  /** A fresh id for a sale, user or product of one test, so tests never see each other's data. */
  public static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  public Answer get(String path, String... headers) {
    return send(withHeaders(request(path).GET(), headers));
  }

  public Answer post(String path, String body, String... headers) {
    return send(withHeaders(request(path).POST(body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), headers)
        .header("Content-Type", "application/json"));
  }

  public Answer adminGet(String path) {
    return get(path, "Authorization", "Bearer " + adminToken);
  }

  public Answer adminPost(String path, String body) {
    return post(path, body, "Authorization", "Bearer " + adminToken);
  }

  public Answer send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Answer answer = new Answer(request.method() + " " + request.uri().getRawPath()
          + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()),
          response.statusCode(), response.headers(), response.body());
      OpenApiResponses.served().check(answer);
      return answer;
    } catch (IOException failed) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  // ---- steps many tests share ----

  /** Creates the sale through the operator API and returns its id; fails the test unless it is 201. */
  public String create(TestSale sale) {
    adminPost("/api/admin/sales", sale.toJson()).expect(201);
    return sale.saleId();
  }

  public Answer place(String saleId, String userId, String productId, int quantity, String... headers) {
    return post("/api/sales/" + saleId + "/orders", orderBody(userId, productId, quantity), headers);
  }

  /** Places an order that must succeed (201) and returns it. */
  public JsonNode placed(String saleId, String userId, String productId, int quantity) {
    return place(saleId, userId, productId, quantity).expect(201);
  }

  public static String orderBody(String userId, String productId, int quantity) {
    return "{\"userId\":\"" + userId + "\",\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}";
  }

  /** Joins the product's waiting room (contract v2). */
  public Answer join(String saleId, String userId, String productId, int quantity, String... headers) {
    return post("/api/sales/" + saleId + "/queue", orderBody(userId, productId, quantity), headers);
  }

  /** Polls a waiting-room ticket. */
  public Answer ticket(String saleId, String ticketId, String... headers) {
    return get("/api/sales/" + saleId + "/queue/" + ticketId, headers);
  }

  public JsonNode order(String orderId) {
    return get("/api/orders/" + orderId).expect(200);
  }

  public Answer pay(String orderId, String outcome) {
    return post("/api/orders/" + orderId + "/payment", "{\"outcome\":\"" + outcome + "\",\"paymentRef\":\"psp-1\"}");
  }

  public Answer cancel(String orderId) {
    return post("/api/orders/" + orderId + "/cancel", null);
  }

  /** The live {@code available} of a product, as a product page reads it. */
  public int available(String saleId, String productId) {
    JsonNode product = get("/api/sales/" + saleId + "/products/" + productId).expect(200);
    assertThat(product.path("available").isInt()).as("available is an integer in " + product).isTrue();
    return product.path("available").asInt();
  }
}
