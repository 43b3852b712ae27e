package com.flashsale.web.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success: status, the contract's error code, a sentence for a person and the
 * extra fields some codes carry ({@code available}, {@code limit}, {@code held}, {@code status}). Thrown
 * by handlers and turned into {@code {"error", "message", ...}} in one place, {@link ErrorMapping}.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final Map<String, Object> extra;
  private final Integer retryAfterSeconds;

  private ApiError(int status, String code, String message, Map<String, Object> extra, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError of(int status, String code, String message) {
    return new ApiError(status, code, message, Map.of(), null);
  }

  public static ApiError invalid(String message) {
    return of(400, "INVALID_REQUEST", message);
  }

  public static ApiError notFound(String code, String message) {
    return of(404, code, message);
  }

  public static ApiError conflict(String code, String message) {
    return of(409, code, message);
  }

  /** 503 or 409-in-progress style answers that a client should retry after a pause. */
  public static ApiError retryLater(int status, String code, String message, int seconds) {
    return new ApiError(status, code, message, Map.of(), seconds);
  }

  /** This error with one more field in its body. */
  public ApiError with(String field, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(field, value);
    return new ApiError(status, code, getMessage(), more, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body: error, message, then the extra fields. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", getMessage());
    body.putAll(extra);
    return body;
  }
}
