package com.flashsale.web;

import com.hazelcast.core.HazelcastException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the contract's JSON error body, in one place: {@link ApiError}s as they are,
 * Javalin's own answers (unknown route, wrong method, body too large) with their status, grid failures
 * (a member leaving, a timeout, shutting down) as 503 UNAVAILABLE with {@code Retry-After}. Anything else
 * is a defect: logged with its stack trace, answered 500 without one.
 */
public final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  public static void register(RoutesConfig routes) {
    // Javalin answers its own HTTP exceptions (unknown route, wrong method) unless a handler names them.
    routes.exception(HttpResponseException.class, (failure, ctx) -> answer(ctx, toApiError(failure, ctx)));
    routes.exception(EndpointNotFound.class, (failure, ctx) -> answer(ctx, toApiError(failure, ctx)));
    routes.exception(Exception.class, (failure, ctx) -> answer(ctx, toApiError(unwrap(failure), ctx)));
  }

  public static void answer(Context ctx, ApiError error) {
    if (error.retryAfterSeconds() != null) {
      ctx.header("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    ctx.status(error.status()).json(error.body());
  }

  static ApiError toApiError(Throwable failure, Context ctx) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof ContentTooLargeResponse) {
      return ApiError.of(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
    }
    if (failure instanceof HttpResponseException http) {
      return fromJavalin(http, ctx);
    }
    if (failure instanceof IllegalArgumentException && String.valueOf(failure.getMessage()).startsWith("URLDecoder")) {
      // Javalin decodes path parameters from the raw path: a stray '%' (Jetty lets it through after a ';') is bad input.
      return ApiError.invalid("The request path could not be decoded.");
    }
    if (failure instanceof HazelcastException || failure instanceof RejectedExecutionException
        || failure instanceof java.util.concurrent.TimeoutException
        || failure instanceof IllegalStateException && isShuttingDown(failure)) {
      LOG.warn("Grid unavailable for {} {}: {}", ctx.method(), ctx.path(), failure.toString());
      return ApiError.retryLater(503, "UNAVAILABLE", "The grid is not ready or is shedding load; retry shortly.", 1);
    }
    LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), failure);
    return ApiError.of(500, "INTERNAL_ERROR", "Something went wrong on our side; it has been logged.");
  }

  private static ApiError fromJavalin(HttpResponseException http, Context ctx) {
    switch (http.getStatus()) {
      case 404:
        return ApiError.notFound("NOT_FOUND", "No such endpoint: " + ctx.method() + " " + ctx.path());
      case 405:
        return ApiError.of(405, "METHOD_NOT_ALLOWED", "Method " + ctx.method() + " is not allowed on " + ctx.path());
      case 413:
        return ApiError.of(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
      default:
        return ApiError.of(http.getStatus(), http.getStatus() < 500 ? "INVALID_REQUEST" : "UNAVAILABLE", http.getMessage());
    }
  }

  private static boolean isShuttingDown(Throwable failure) {
    return String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("shut");
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
