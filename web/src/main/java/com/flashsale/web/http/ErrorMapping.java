package com.flashsale.web.http;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.HazelcastOverloadException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the contract's JSON error body, in one place: {@link ApiError}s as they are,
 * answers that Javalin or Jetty chose by status ({@link #forStatus}, coded by {@link ErrorCode#forStatus}),
 * grid failures (a member leaving or gone, a timeout, this member shutting down, no split-brain quorum) as
 * 503 UNAVAILABLE with {@code Retry-After}. Grid failures are recognised by type anywhere in the cause chain,
 * never by their message text. Anything else is a defect: logged with its stack trace, answered 500 without one.
 */
public final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  /**
   * The failures after which the same request may well succeed in a moment or on another member. Hazelcast
   * wraps them freely (a {@link MemberLeftException} is an {@link ExecutionException}, an instance that is not
   * active an {@link IllegalStateException}), so membership of this list is checked by type, cause by cause.
   */
  private static final List<Class<?>> GRID_UNAVAILABLE = List.of(
      HazelcastInstanceNotActiveException.class,
      MemberLeftException.class,
      TargetNotMemberException.class,
      TargetDisconnectedException.class,
      IndeterminateOperationStateException.class,
      OperationTimeoutException.class,
      SplitBrainProtectionException.class,
      HazelcastOverloadException.class,
      RetryableException.class,
      RejectedExecutionException.class,
      TimeoutException.class);
  /** Deep enough for any real wrapping; a cause cycle must not loop forever. */
  private static final int MAX_CAUSE_DEPTH = 32;

  private ErrorMapping() {}

  public static void register(RoutesConfig routes) {
    // Javalin answers its own HTTP exceptions (unknown route, wrong method) unless a handler names them.
    routes.exception(HttpResponseException.class, (failure, ctx) -> answer(ctx, toApiError(failure, describe(ctx))));
    routes.exception(EndpointNotFound.class, (failure, ctx) -> answer(ctx, toApiError(failure, describe(ctx))));
    routes.exception(Exception.class, (failure, ctx) -> answer(ctx, toApiError(failure, describe(ctx))));
  }

  public static void answer(Context ctx, ApiError error) {
    if (error.retryAfterSeconds() != null) {
      ctx.header("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    ctx.status(error.status()).json(error.body());
  }

  /** The answer to {@code failure} on {@code request} ("METHOD /path", for messages and the log). */
  static ApiError toApiError(Throwable failure, String request) {
    Throwable unwrapped = unwrap(failure);
    if (unwrapped instanceof ApiError apiError) {
      return apiError;
    }
    if (isGridUnavailable(failure)) {
      LOG.warn("Grid unavailable for {}: {}", request, failure.toString());
      return unavailable();
    }
    if (unwrapped instanceof ContentTooLargeResponse) {
      return forStatus(413, request);
    }
    if (unwrapped instanceof HttpResponseException http) {
      return forStatus(http.getStatus(), request);
    }
    if (unwrapped instanceof IllegalArgumentException && String.valueOf(unwrapped.getMessage()).startsWith("URLDecoder")) {
      // Javalin decodes path parameters from the raw path: a stray '%' (Jetty lets it through after a ';') is bad input.
      return ApiError.invalid("The request path could not be decoded.");
    }
    if (unwrapped instanceof HazelcastException) {
      // Not one of the known transient failures, but still the grid's: the client may retry, the log tells us more.
      LOG.warn("Grid failure for {}", request, unwrapped);
      return unavailable();
    }
    LOG.error("Unexpected failure on {}", request, failure);
    return ApiError.of(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side; it has been logged.");
  }

  /** Whether {@code failure}, or any of its causes, says the grid cannot answer now (see {@link #GRID_UNAVAILABLE}). */
  static boolean isGridUnavailable(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
      Throwable candidate = current;
      if (GRID_UNAVAILABLE.stream().anyMatch(type -> type.isInstance(candidate))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The answer to a status that no handler of ours chose: Javalin's (unknown route, wrong method, body too
   * large) and Jetty's ({@link JsonErrorHandler}: a URI it cannot decode, request line or headers too long, a
   * graceful stop). It keeps that status, with the code {@link ErrorCode#forStatus} gives it and a message
   * saying what went wrong.
   */
  static ApiError forStatus(int status, String request) {
    ApiError error = ApiError.forStatus(status, switch (status) {
      case 404 -> "No such endpoint: " + request;
      case 405 -> "The method is not allowed here: " + request;
      case 413 -> "The request body is too large.";
      case 414 -> "The request URI is too long.";
      case 431 -> "The request headers are too large.";
      default -> status < 500 ? "The request could not be read." : "The server could not answer; retry shortly.";
    });
    // Jetty answers 503 while it stops gracefully: the client should go to another member, or come back.
    return error.code() == ErrorCode.UNAVAILABLE ? error.retryAfter(1) : error;
  }

  private static ApiError unavailable() {
    return ApiError.of(ErrorCode.UNAVAILABLE, "The grid is not ready or is shedding load; retry shortly.").retryAfter(1);
  }

  private static String describe(Context ctx) {
    return ctx.method() + " " + ctx.path();
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
