package com.flashsale.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The API of member processes as shoppers and operators reach it over 127.0.0.1: every call comes back as a
 * {@link Reply}, including the calls a dying member never answered, so that load loops can count those
 * instead of stopping at the first exception.
 */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final String LOOPBACK = "127.0.0.1";

  private Http() {}

  /** One answer, or the transport failure that stood in for it (then {@code status} is -1). */
  record Reply(String request, int status, HttpHeaders headers, String body, IOException failure) {

    boolean answered() {
      return failure == null;
    }

    /** The member was not listening: the request never reached it, so it cannot have had an effect. */
    boolean refused() {
      return failure instanceof ConnectException;
    }

    Optional<String> header(String name) {
      return headers == null ? Optional.empty() : headers.firstValue(name);
    }

    /** 503 with {@code Retry-After}: the one 5xx a client may get from a member that is leaving or shedding. */
    boolean isRetryLater() {
      return status == 503 && header("Retry-After").isPresent();
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException notJson) {
        throw new AssertionError(this + " has a body that is not JSON", notJson);
      }
    }

    String error() {
      return answered() && body.startsWith("{") ? json().path("error").asText("") : "";
    }

    @Override
    public String toString() {
      String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return request + " -> " + (answered() ? status + " " + shown : failure.toString());
    }
  }

  static Reply get(int port, String path, String... headers) {
    return get(LOOPBACK, port, path, headers);
  }

  static Reply post(int port, String path, String body, String... headers) {
    return post(LOOPBACK, port, path, body, headers);
  }

  /** A GET to a member at another address than 127.0.0.1 (one in a network namespace). */
  static Reply get(String host, int port, String path, String... headers) {
    return send(builder(host, port, path, headers).GET());
  }

  static Reply post(String host, int port, String path, String body, String... headers) {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return send(builder(host, port, path, headers).header("Content-Type", "application/json").POST(publisher));
  }

  private static HttpRequest.Builder builder(String host, int port, String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .timeout(REQUEST_TIMEOUT);
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private static Reply send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    String described = request.method() + " " + (LOOPBACK.equals(request.uri().getHost()) ? "" : request.uri().getHost())
        + ":" + request.uri().getPort() + request.uri().getRawPath();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(described, response.statusCode(), response.headers(), response.body(), null);
    } catch (IOException failed) {
      return new Reply(described, -1, null, null, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Reply(described, -1, null, null, new IOException("interrupted", interrupted));
    }
  }
}
