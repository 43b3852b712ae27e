package com.flashsale.web.shopper;

import com.flashsale.node.domain.Placement;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.ErrorMapping;
import com.flashsale.web.http.Views;
import io.javalin.http.Context;

/** Where a placement's outcome becomes an HTTP answer: one switch, the contract's table of errors. */
final class PlacementAnswers {

  private PlacementAnswers() {}

  static void answer(Context ctx, Placement placement) {
    switch (placement.outcome()) {
      case CREATED:
        ctx.status(201).json(Views.OrderView.of(placement.order()));
        return;
      case REPLAYED:
        ctx.status(200).json(Views.OrderView.of(placement.order()));
        return;
      default:
        ErrorMapping.answer(ctx, rejection(placement));
    }
  }

  static ApiError rejection(Placement placement) {
    switch (placement.outcome()) {
      case SALE_NOT_FOUND:
        return ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale.");
      case PRODUCT_NOT_FOUND:
        return ApiError.of(ErrorCode.PRODUCT_NOT_FOUND, "The sale has no such product.");
      case SALE_NOT_ACTIVE:
        return ApiError.of(ErrorCode.SALE_NOT_ACTIVE, "The sale is " + placement.saleStatus() + ", not ACTIVE.")
            .with("status", placement.saleStatus());
      case SOLD_OUT:
        return ApiError.of(ErrorCode.SOLD_OUT, "The product is sold out.");
      case INSUFFICIENT_STOCK:
        return ApiError.of(ErrorCode.INSUFFICIENT_STOCK, "Only " + placement.available() + " unit(s) are available.")
            .with("available", placement.available());
      case LIMIT_EXCEEDED:
        return ApiError.of(ErrorCode.LIMIT_EXCEEDED, "The sale allows " + placement.limit()
                + " unit(s) of this product per user; you hold " + placement.held() + ".")
            .with("limit", placement.limit()).with("held", placement.held());
      case ADMISSION_REQUIRED:
        return ApiError.of(ErrorCode.ADMISSION_REQUIRED, "The sale has a waiting room: join it, and place the order "
            + "with the X-Admission token of your admitted ticket, for its quantity.");
      case IDEMPOTENCY_KEY_REUSED:
        return ApiError.of(ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used before with a different request.");
      default:
        return ApiError.of(ErrorCode.UNAVAILABLE, "The order could not be placed right now; retry shortly.")
            .retryAfter(1);
    }
  }
}
