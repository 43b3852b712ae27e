package com.flashsale.web.shopper;

import com.flashsale.node.domain.OrderId;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.service.OrderService;
import com.flashsale.node.service.PlaceOrderRequest;
import com.flashsale.node.service.SaleService;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.Json;
import com.flashsale.web.http.JsonObject;
import com.flashsale.web.http.PathParams;
import com.flashsale.web.http.StorableInput;
import com.flashsale.web.http.Views;
import com.flashsale.web.operations.Metrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.concurrent.CompletionStage;

/**
 * The shopper API of the contract. Calls that touch the grid more than once (placing, paying,
 * cancelling, reading an order) are asynchronous end to end: the handler returns a stage and Jetty's
 * thread is free until the grid answers. The guards of {@link ShopperEdge} apply here: a caller acts only as
 * the user of its token, placements are rate limited per user and address, challenged where the sale asks
 * for it, and bounded per member.
 */
public final class ShopperRoutes {

  /** The contract's limit for shopper bodies; operator bodies may be far larger (a sale of 10,000 products). */
  static final int MAX_BODY_BYTES = 16 * 1024;
  /** Longer than any healthy call (milliseconds), shorter than the server's async timeout. */
  static final java.time.Duration ANSWER_DEADLINE = java.time.Duration.ofSeconds(8);
  private static final AnswerDeadline DEADLINE = new AnswerDeadline(ANSWER_DEADLINE);
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;
  /** The header that carries a waiting room's admission token to a placement. */
  static final String ADMISSION_HEADER = "X-Admission";
  private static final int MAX_ADMISSION_LENGTH = 128;
  /** A refused shopper body up to this size is read to its end so that the 413 reaches its sender. */
  private static final long DRAINED_OVERSIZE_BYTES = 256 * 1024;

  private final SaleService sales;
  private final OrderService orders;
  private final Clock clock;
  private final Metrics metrics;
  private final ShopperEdge edge;

  public ShopperRoutes(SaleService sales, ShopperEdge edge, Clock clock, Metrics metrics) {
    this.sales = sales;
    this.orders = edge.orders();
    this.clock = clock;
    this.metrics = metrics;
    this.edge = edge;
  }

  public void register(RoutesConfig routes) {
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
    Sale sale = existingSale(PathParams.id(ctx, "saleId"));
    ctx.json(Views.SaleView.of(sale, sales.stockOf(sale), clock.instant()));
  }

  private void getProduct(Context ctx) {
    Sale sale = existingSale(PathParams.id(ctx, "saleId"));
    var product = sale.product(PathParams.id(ctx, "productId"))
        .orElseThrow(() -> ApiError.of(ErrorCode.PRODUCT_NOT_FOUND, "The sale has no such product."));
    answerWithin(ctx, () -> edge.call(() -> sales.stockOf(sale.saleId(), product.productId()))
        .thenAccept(stock -> ctx.json(Views.ProductView.of(product, stock.orElse(null)))));
  }

  private void placeOrder(Context ctx) {
    String saleId = PathParams.id(ctx, "saleId");
    String idempotencyKey = idempotencyKey(ctx);
    JsonObject body = Json.parseObject(shopperBody(ctx));
    PlaceOrderRequest request = new PlaceOrderRequest(saleId, body.id("productId"), body.id("userId"),
        body.integer("quantity", 1, 1_000_000, null), admission(ctx));
    ShopperIdentity.requireSelf(ctx, request.userId());
    if (edge.challenges().requiredFor(saleId)) {
      edge.challenges().verify(ctx.header(Challenges.HEADER));
    }
    String address = edge.clientAddress(ctx);
    answerWithin(ctx, () -> edge.gate().admit(() -> edge.call(() -> {
          edge.limits().admitAddress(address);
          edge.limits().admitUser(request.userId());
          edge.yieldToWriteBehind();
          return orders.place(request, idempotencyKey);
        }))
        .thenAccept(placement -> {
          metrics.placement(placement.outcome());
          PlacementAnswers.answer(ctx, placement);
        }));
  }

  private void getOrder(Context ctx) {
    OrderId orderId = orderId(ctx);
    answerWithin(ctx, () -> edge.call(() -> orders.find(orderId)).thenAccept(order -> ctx.json(
        Views.OrderView.of(order.filter(found -> ShopperIdentity.mayAccess(ctx, found.userId()))
            .orElseThrow(ShopperRoutes::orderNotFound)))));
  }

  private void pay(Context ctx) {
    OrderId orderId = orderId(ctx);
    JsonObject body = Json.parseObject(shopperBody(ctx));
    String outcome = body.requiredText("outcome");
    if (!outcome.equals("SUCCEEDED") && !outcome.equals("FAILED")) {
      throw ApiError.invalid("outcome must be SUCCEEDED or FAILED");
    }
    String paymentRef = body.optionalText("paymentRef", null, 128);
    answerChange(ctx, () -> {
      requireOwnOrder(ctx, orderId);
      return orders.pay(orderId, outcome.equals("SUCCEEDED"), paymentRef);
    });
  }

  private void cancel(Context ctx) {
    OrderId orderId = orderId(ctx);
    shopperBody(ctx);
    answerChange(ctx, () -> {
      requireOwnOrder(ctx, orderId);
      return orders.cancel(orderId);
    });
  }

  /**
   * Returns when the caller may change the order: at once when the API is open, else once the order is found
   * to be the token user's. Another user's order is 404, exactly like a missing one, so order ids reveal
   * nothing. The owner of an order never changes, so checking before the change is safe.
   */
  private void requireOwnOrder(Context ctx, OrderId orderId) {
    if (ShopperIdentity.shopper(ctx).isPresent()
        && orders.find(orderId).filter(found -> ShopperIdentity.mayAccess(ctx, found.userId())).isEmpty()) {
      throw orderNotFound();
    }
  }

  private void answerChange(Context ctx, Supplier<OrderChange> change) {
    answerWithin(ctx, () -> edge.call(change).thenAccept(result -> {
      switch (result.outcome()) {
        case APPLIED:
        case ALREADY_APPLIED:
          ctx.json(Views.OrderView.of(result.order()));
          return;
        case NOT_FOUND:
          throw orderNotFound();
        default:
          throw ApiError.of(ErrorCode.ORDER_NOT_PENDING, "The order is " + result.order().status()
              + (result.order().cancelReason() == null ? "" : " (" + result.order().cancelReason() + ")")
              + ", not PENDING.").with("status", result.order().status());
      }
    }));
  }

  private void ordersOfUser(Context ctx) {
    String userId = PathParams.id(ctx, "userId");
    if (!ShopperIdentity.mayAccess(ctx, userId)) {
      throw ApiError.of(ErrorCode.FORBIDDEN, "The token is for another user than " + userId + ".");
    }
    answerWithin(ctx, () -> edge.call(() -> orders.ordersOf(userId))
        .thenAccept(list -> ctx.json(list.stream().map(Views.OrderView::of).toList())));
  }

  /**
   * Hands the answer to Jetty as a future with a deadline: a call still waiting on the grid after
   * {@link #ANSWER_DEADLINE} (a member died and its backups are being promoted) is answered 503 with
   * Retry-After, in the contract's shape, instead of hanging or hitting the server's own timeout. The work
   * itself goes on; every step is idempotent, so the shopper's retry finds what it did.
   */
  static void answerWithin(Context ctx, Supplier<? extends CompletionStage<?>> answer) {
    ctx.future(() -> DEADLINE.bind(answer.get().toCompletableFuture()));
  }

  private Sale existingSale(String saleId) {
    return sales.find(saleId).orElseThrow(() -> ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale."));
  }

  private static OrderId orderId(Context ctx) {
    return OrderId.parse(ctx.pathParam("orderId")).orElseThrow(ShopperRoutes::orderNotFound);
  }

  private static ApiError orderNotFound() {
    return ApiError.of(ErrorCode.ORDER_NOT_FOUND, "There is no such order.");
  }

  /** The waiting room's admission token ({@code X-Admission}), or null; a malformed one admits nothing. */
  private static String admission(Context ctx) {
    String token = ctx.header(ADMISSION_HEADER);
    return token == null || token.length() > MAX_ADMISSION_LENGTH ? null : token;
  }

  private static String idempotencyKey(Context ctx) {
    String key = ctx.header("Idempotency-Key");
    if (key == null) {
      return null;
    }
    return StorableInput.headerToken("Idempotency-Key", key, MAX_IDEMPOTENCY_KEY_LENGTH);
  }

  /** The body, refused with 413 past the shopper limit whether or not a Content-Length announced it. */
  static byte[] shopperBody(Context ctx) {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      drainUpTo(ctx, DRAINED_OVERSIZE_BYTES);
      throw tooLarge();
    }
    byte[] body = ctx.contentLength() >= 0 ? announcedBody(ctx) : ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    return body;
  }

  /**
   * A body of announced length, read into an array of that length: Javalin's own read starts an 8 KiB buffer for
   * every request, which was a quarter of what a placement allocated. Nothing reads the body through Javalin after.
   */
  private static byte[] announcedBody(Context ctx) {
    try {
      return ctx.req().getInputStream().readNBytes((int) ctx.contentLength());
    } catch (IOException unreadable) {
      throw ApiError.invalid("The request body could not be read.");
    }
  }

  /**
   * Reads and drops a refused body that announced at most {@code limit} bytes. The server closes a connection
   * whose request body was left unread, and closing a socket with unread bytes resets it: the client could then
   * lose the 413 before reading it. A body announced larger is not worth reading; its sender sees the close.
   */
  private static void drainUpTo(Context ctx, long limit) {
    if (ctx.contentLength() > limit) {
      return;
    }
    try {
      ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException unreadable) {
      // The client went away mid-body: there is nobody left to answer, and the 413 below is harmless.
      ctx.header("Connection", "close");
    }
  }

  private static ApiError tooLarge() {
    return ApiError.of(ErrorCode.PAYLOAD_TOO_LARGE, "Shopper request bodies may be at most 16 KiB.");
  }
}
