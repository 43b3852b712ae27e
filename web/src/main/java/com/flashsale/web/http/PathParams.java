package com.flashsale.web.http;

import com.flashsale.node.domain.Ids;
import io.javalin.http.Context;

/** Ids taken from a request's path, held to the contract's id pattern like ids in a body ({@link JsonObject#id}). */
public final class PathParams {

  private PathParams() {}

  /** The path parameter {@code name}, or 400 INVALID_REQUEST naming it when it is not a valid id. */
  public static String id(Context ctx, String name) {
    String value = ctx.pathParam(name);
    if (!Ids.isValid(value)) {
      throw ApiError.invalid(name + " must be 1..64 characters of [A-Za-z0-9._:-]");
    }
    return value;
  }
}
