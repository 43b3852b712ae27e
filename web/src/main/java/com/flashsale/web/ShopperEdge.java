package com.flashsale.web;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.OrderService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The guards in front of the shopper API, built once per member from {@link EdgeSettings}: who the shopper
 * is ({@link ShopperIdentity}), how fast they and their address may call ({@link RateLimits}), whether a sale
 * wants a proof of work ({@link Challenges}), how many placements run at once ({@link PlacementGate}) and
 * which products this member already knows are sold out ({@link SoldOutHints}).
 */
final class ShopperEdge {

  private static final Pattern PLACEMENT = Pattern.compile("/api/sales/[^/]+/orders");
  private static final long ADDRESS_CHECK_TIMEOUT_SECONDS = 5;

  private final ShopperIdentity identity;
  private final RateLimits limits;
  private final Challenges challenges;
  private final PlacementGate gate;
  private final SoldOutHints orders;

  private ShopperEdge(ShopperIdentity identity, RateLimits limits, Challenges challenges, PlacementGate gate,
      SoldOutHints orders) {
    this.identity = identity;
    this.limits = limits;
    this.challenges = challenges;
    this.gate = gate;
    this.orders = orders;
  }

  static ShopperEdge of(FlashSaleNode node, EdgeSettings settings, Clock clock, Metrics metrics) {
    PlacementGate gate = new PlacementGate(settings.maxInFlight());
    SoldOutHints orders = new SoldOutHints(node.orders(), node.sales(), clock, settings.soldOutHintMillis());
    metrics.gauge("flashsale.orders.inflight", "Placements this member is running now (bounded by FLASHSALE_MAX_IN_FLIGHT)",
        gate::inFlight);
    metrics.counter("flashsale.orders.soldout.fast", "SOLD_OUT answers given from this member's hint, without the grid",
        orders::fastAnswers);
    return new ShopperEdge(ShopperIdentity.of(settings.jwt()),
        RateLimits.of(node.instance(), settings.userRate(), settings.ipRate()),
        new Challenges(node.instance(), settings, clock), gate, orders);
  }

  /** The order service the shopper routes use: the grid's, behind the sold-out fast path. */
  OrderService orders() {
    return orders;
  }

  SoldOutHints hints() {
    return orders;
  }

  RateLimits limits() {
    return limits;
  }

  Challenges challenges() {
    return challenges;
  }

  PlacementGate gate() {
    return gate;
  }

  /** Identity first (a 401 costs nothing), then the address's rate, then the challenge endpoint. */
  void register(RoutesConfig routes) {
    identity.register(routes);
    if (limits.limitsAddresses()) {
      routes.before("/api/*", this::limitAddress);
    }
    routes.get("/api/challenge", ctx -> ctx.header("Cache-Control", "no-store").json(challenges.issue()));
  }

  /** Every shopper call but placing, which checks the address asynchronously with the user's rate. */
  private void limitAddress(Context ctx) {
    if (ctx.path().startsWith("/api/admin/") || isPlacement(ctx)) {
      return;
    }
    try {
      limits.checkAddress(ctx.ip()).get(ADDRESS_CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(failed.getCause());
    } catch (TimeoutException slow) {
      throw ApiError.retryLater(503, "UNAVAILABLE", "The rate limiter did not answer in time; retry shortly.", 1);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw ApiError.retryLater(503, "UNAVAILABLE", "Interrupted; retry shortly.", 1);
    }
  }

  static boolean isPlacement(Context ctx) {
    return ctx.method() == HandlerType.POST && PLACEMENT.matcher(ctx.path()).matches();
  }
}
