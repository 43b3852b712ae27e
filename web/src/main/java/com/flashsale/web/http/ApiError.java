package com.flashsale.web.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success: the contract's error code (which gives the status, see {@link ErrorCode}), a
 * sentence for a person, the extra fields some codes carry ({@code available}, {@code limit}, {@code held},
 * {@code status}) and, for answers worth retrying, {@code Retry-After}. Thrown by handlers and turned into
 * {@code {"error", "message", ...}} in one place, {@link ErrorMapping}.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final ErrorCode code;
  private final Map<String, Object> extra;
  private final Integer retryAfterSeconds;

  private ApiError(int status, ErrorCode code, String message, Map<String, Object> extra, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** An answer with {@code code}, and the status the contract gives it. */
  public static ApiError of(ErrorCode code, String message) {
    return new ApiError(code.status(), code, message, Map.of(), null);
  }

  public static ApiError invalid(String message) {
    return of(ErrorCode.INVALID_REQUEST, message);
  }

  /** An answer whose status Javalin or Jetty chose: that status, with the code {@link ErrorCode#forStatus} gives it. */
  static ApiError forStatus(int status, String message) {
    return new ApiError(status, ErrorCode.forStatus(status), message, Map.of(), null);
  }

  /** This error with {@code Retry-After}: the client may well succeed after {@code seconds}. */
  public ApiError retryAfter(int seconds) {
    return new ApiError(status, code, getMessage(), extra, seconds);
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

  public ErrorCode code() {
    return code;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body: error, message, then the extra fields. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code.name());
    body.put("message", getMessage());
    body.putAll(extra);
    return body;
  }
}
