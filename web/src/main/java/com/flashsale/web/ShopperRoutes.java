package com.flashsale.web;

import com.flashsale.node.domain.Ids;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.service.OrderService;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.service.SaleService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * The shopper API of the contract. Calls that touch the grid more than once (placing, paying,
 * cancelling, reading an order) are asynchronous end to end: the handler returns a stage and Jetty's
 * thread is free until the grid answers.
 */
final class ShopperRoutes {

  /** The contract's limit for shopper bodies; operator bodies may be far larger (a sale of 10,000 products). */
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

  private final SaleService sales;
  private final OrderService orders;
  private final Clock clock;
  private final Metrics metrics;

  ShopperRoutes(SaleService sales, OrderService orders, Clock clock, Metrics metrics) {
    this.sales = sales;
    this.orders = orders;
    this.clock = clock;
    this.metrics = metrics;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/sales", this::listSales);
    routes.get("/api/sales/{saleId}", this::getSale);
    routes.get("/api/sales/{saleId}/products/{productId}", this::getProduct);
    routes.post("/api/sales/{saleId}/orders", this::placeOrder);
    routes.get("/api/orders/{orderId}", this::getOrder);
    routes.post("/api/orders/{orderId}/payment", this::pay);
    routes.post("/api/orders/{orderId}/cancel", this::cancel);
    routes.get("/api/users/{userId}/orders", this::ordersOfUser);
  }

  private void listSales(Context ctx) {
    SaleStatus wanted = statusFilter(ctx.queryParam("status"));
    var now = clock.instant();
    ctx.json(sales.all().stream()
        .filter(sale -> wanted == null || sale.statusAt(now) == wanted)
        .map(sale -> Views.SaleSummaryView.of(sale, now))
        .toList());
  }

  private static SaleStatus statusFilter(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return SaleStatus.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw ApiError.invalid("status must be one of " + Arrays.toString(SaleStatus.values()));
    }
  }

  private void getSale(Context ctx) {
    Sale sale = existingSale(pathId(ctx, "saleId"));
    ctx.json(Views.SaleView.of(sale, sales.stockOf(sale), clock.instant()));
  }

  private void getProduct(Context ctx) {
    Sale sale = existingSale(pathId(ctx, "saleId"));
    var product = sale.product(pathId(ctx, "productId"))
        .orElseThrow(() -> ApiError.notFound("PRODUCT_NOT_FOUND", "The sale has no such product."));
    ctx.future(() -> sales.stockOf(sale.saleId(), product.productId()).toCompletableFuture()
        .thenAccept(stock -> ctx.json(Views.ProductView.of(product, stock.orElse(null)))));
  }

  private void placeOrder(Context ctx) {
    String saleId = pathId(ctx, "saleId");
    String idempotencyKey = idempotencyKey(ctx);
    JsonObject body = Json.parseObject(shopperBody(ctx));
    PlaceOrderRequest request = new PlaceOrderRequest(saleId, body.id("productId"), body.id("userId"),
        body.integer("quantity", 1, 1_000_000, null));
    ctx.future(() -> orders.place(request, idempotencyKey).toCompletableFuture()
        .thenAccept(placement -> {
          metrics.placement(placement.outcome());
          PlacementAnswers.answer(ctx, placement);
        }));
  }

  private void getOrder(Context ctx) {
    long orderId = orderId(ctx);
    ctx.future(() -> orders.find(orderId).toCompletableFuture().thenAccept(order -> ctx.json(
        Views.OrderView.of(order.orElseThrow(ShopperRoutes::orderNotFound)))));
  }

  private void pay(Context ctx) {
    long orderId = orderId(ctx);
    JsonObject body = Json.parseObject(shopperBody(ctx));
    String outcome = body.requiredText("outcome");
    if (!outcome.equals("SUCCEEDED") && !outcome.equals("FAILED")) {
      throw ApiError.invalid("outcome must be SUCCEEDED or FAILED");
    }
    String paymentRef = body.optionalText("paymentRef", null, 128);
    answerChange(ctx, orders.pay(orderId, outcome.equals("SUCCEEDED"), paymentRef));
  }

  private void cancel(Context ctx) {
    long orderId = orderId(ctx);
    shopperBody(ctx);
    answerChange(ctx, orders.cancel(orderId));
  }

  private void answerChange(Context ctx, CompletionStage<OrderChange> change) {
    ctx.future(() -> change.toCompletableFuture().thenAccept(result -> {
      switch (result.outcome()) {
        case APPLIED:
        case ALREADY_APPLIED:
          ctx.json(Views.OrderView.of(result.order()));
          return;
        case NOT_FOUND:
          throw orderNotFound();
        default:
          throw ApiError.conflict("ORDER_NOT_PENDING", "The order is " + result.order().status()
              + (result.order().cancelReason() == null ? "" : " (" + result.order().cancelReason() + ")")
              + ", not PENDING.").with("status", result.order().status());
      }
    }));
  }

  private void ordersOfUser(Context ctx) {
    String userId = pathId(ctx, "userId");
    ctx.future(() -> orders.ordersOf(userId).toCompletableFuture()
        .thenAccept(list -> ctx.json(list.stream().map(Views.OrderView::of).toList())));
  }

  private Sale existingSale(String saleId) {
    return sales.find(saleId).orElseThrow(() -> ApiError.notFound("SALE_NOT_FOUND", "There is no such sale."));
  }

  static String pathId(Context ctx, String name) {
    String value = ctx.pathParam(name);
    if (!Ids.isValid(value)) {
      throw ApiError.invalid(name + " must be 1..64 characters of [A-Za-z0-9._:-]");
    }
    return value;
  }

  private static long orderId(Context ctx) {
    long orderId = Ids.parseOrderId(ctx.pathParam("orderId"));
    if (orderId < 0) {
      throw orderNotFound();
    }
    return orderId;
  }

  private static ApiError orderNotFound() {
    return ApiError.notFound("ORDER_NOT_FOUND", "There is no such order.");
  }

  private static String idempotencyKey(Context ctx) {
    String key = ctx.header("Idempotency-Key");
    if (key == null) {
      return null;
    }
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw ApiError.invalid("Idempotency-Key must be 1..128 printable ASCII characters");
    }
    return key;
  }

  /** The body, refused with 413 past the shopper limit whether or not a Content-Length announced it. */
  private static byte[] shopperBody(Context ctx) {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    return body;
  }

  private static ApiError tooLarge() {
    return ApiError.of(413, "PAYLOAD_TOO_LARGE", "Shopper request bodies may be at most 16 KiB.");
  }
}
