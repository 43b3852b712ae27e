package com.flashsale.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before any route sees them (a URI it cannot decode, a URI or
 * header too long): the contract's JSON error body instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer given ? given : response.getStatus();
    ApiError error = ApiError.of(status, codeFor(status), messageFor(status));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (status == 503) {
      // Jetty answers 503 while it stops gracefully: the client should go to another member, or come back.
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    }
    response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(error.body())), callback);
    return true;
  }

  private static String codeFor(int status) {
    switch (status) {
      case 404:
        return "NOT_FOUND";
      case 405:
        return "METHOD_NOT_ALLOWED";
      case 413:
      case 414:
      case 431:
        return "PAYLOAD_TOO_LARGE";
      default:
        return status < 500 ? "INVALID_REQUEST" : "UNAVAILABLE";
    }
  }

  private static String messageFor(int status) {
    switch (status) {
      case 414:
        return "The request URI is too long.";
      case 431:
        return "The request headers are too large.";
      default:
        return status < 500 ? "The request could not be read." : "The server could not answer; retry shortly.";
    }
  }
}
