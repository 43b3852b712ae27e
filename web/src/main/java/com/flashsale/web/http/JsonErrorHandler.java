package com.flashsale.web.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before any route sees them (a URI it cannot decode, a URI or
 * header too long, a graceful stop): the contract's JSON error body instead of Jetty's HTML page, with the
 * code that {@link ErrorCode#forStatus} gives every status.
 */
public final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer given ? given : response.getStatus();
    // The URI may be the very thing Jetty could not read: the message names the method only.
    ApiError error = ErrorMapping.forStatus(status, request.getMethod() + " request");
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (error.retryAfterSeconds() != null) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(error.retryAfterSeconds()));
    }
    response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(error.body())), callback);
    return true;
  }
}
