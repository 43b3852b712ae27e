package com.flashsale.web.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * One HTTP answer as a test sees it: status, headers and body, with the contract's checks on it. Every
 * check names the request, so a failure says which call broke the contract and what came back.
 */
public record Answer(String request, int status, HttpHeaders headers, String body) {

  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  public String contentType() {
    return header("Content-Type").orElse("");
  }

  /** The body parsed as JSON; fails the test when it is not JSON. */
  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      throw new AssertionError(describe() + " has a body that is not JSON", notJson);
    }
  }

  /** Asserts the status and a JSON body ({@code Content-Type: application/json}); returns the body. */
  public JsonNode expect(int expectedStatus) {
    assertThat(status).as(describe()).isEqualTo(expectedStatus);
    assertThat(contentType()).as("Content-Type of " + describe()).startsWith("application/json");
    return json();
  }

  /**
   * Asserts the contract's error shape: the status, {@code Content-Type: application/json}, {@code error} with
   * the code and a non-blank {@code message} for a person. Returns the body for the extra fields.
   */
  public JsonNode expectError(int expectedStatus, String expectedCode) {
    JsonNode error = expect(expectedStatus);
    assertThat(error.path("error").asText()).as("error code of " + describe()).isEqualTo(expectedCode);
    assertThat(error.path("message").isTextual() && !error.path("message").asText().isBlank())
        .as("a message for a person in " + describe()).isTrue();
    return error;
  }

  /**
   * Asserts what every answer to bad input must be: not a 5xx, JSON with an {@code error} code, no stack trace.
   */
  public void expectCleanRejection() {
    assertThat(status).as(describe()).isBetween(400, 499);
    assertThat(contentType()).as("Content-Type of " + describe()).startsWith("application/json");
    assertThat(json().path("error").isTextual()).as("an error code in " + describe()).isTrue();
    assertThat(body).as("stack trace text in " + describe()).doesNotContain("Exception").doesNotContain("at com.")
        .doesNotContain("at io.").doesNotContain("at org.");
  }

  public String describe() {
    String shownRequest = request.length() > 200 ? request.substring(0, 200) + "..." : request;
    String shownBody = body.length() > 600 ? body.substring(0, 600) + "..." : body;
    return shownRequest + " -> " + status + " " + contentType() + " " + shownBody;
  }
}
