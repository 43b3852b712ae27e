package com.flashsale.web.http;

/**
 * The contract's error codes, each with the HTTP status it is answered with: the one table from code to status.
 * An error answer names its code and takes its status from here ({@link ApiError#of}); only an answer whose
 * status Javalin or Jetty chose before any handler of ours ran keeps that status, and takes its code from
 * {@link #forStatus}.
 */
public enum ErrorCode {

  /** Malformed JSON, a missing field or one of the wrong type, a value out of range or one PostgreSQL cannot store. */
  INVALID_REQUEST(400),
  /** The sale asks for a solved proof-of-work challenge and the placement carries none. */
  CHALLENGE_REQUIRED(400),
  /** No valid shopper token, or no valid operator token on an operator call. */
  UNAUTHORIZED(401),
  /** The token is for another user than the one the call names. */
  FORBIDDEN(403),
  /** The challenge solution is malformed, wrong, expired or used before. */
  CHALLENGE_FAILED(403),
  /** The sale has a waiting room and the placement carries no valid, unused admission for its user and quantity. */
  ADMISSION_REQUIRED(403),
  /** No such endpoint or file. */
  NOT_FOUND(404),
  SALE_NOT_FOUND(404),
  PRODUCT_NOT_FOUND(404),
  /** No such order, or another user's: order ids reveal nothing. */
  ORDER_NOT_FOUND(404),
  /** No such waiting-room ticket, or another user's. */
  TICKET_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  /** The event stream asked for without {@code Accept: text/event-stream}. */
  NOT_ACCEPTABLE(406),
  /** Another sale already has the id. */
  SALE_EXISTS(409),
  SALE_NOT_ACTIVE(409),
  SOLD_OUT(409),
  INSUFFICIENT_STOCK(409),
  LIMIT_EXCEEDED(409),
  ORDER_NOT_PENDING(409),
  /** A queue call on a sale without a waiting room. */
  NO_WAITING_ROOM(409),
  PAYLOAD_TOO_LARGE(413),
  IDEMPOTENCY_KEY_REUSED(422),
  /** The caller is over its rate; answered with {@code Retry-After}. */
  RATE_LIMITED(429),
  /** A defect of ours: logged with its stack trace, answered without one. */
  INTERNAL_ERROR(500),
  /** The grid is not ready or is shedding load; answered with {@code Retry-After}. */
  UNAVAILABLE(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status an answer with this code has. */
  public int status() {
    return status;
  }

  /**
   * The code of an answer whose status Javalin or Jetty chose (an unknown route, a wrong method, a body, URI or
   * headers too large, a graceful stop): any other client error is INVALID_REQUEST, any server error UNAVAILABLE.
   */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 413, 414, 431 -> PAYLOAD_TOO_LARGE;
      default -> status < 500 ? INVALID_REQUEST : UNAVAILABLE;
    };
  }
}
