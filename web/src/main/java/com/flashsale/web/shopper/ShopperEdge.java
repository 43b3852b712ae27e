package com.flashsale.web.shopper;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.OrderService;
import com.flashsale.node.service.WriteBehindLag;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.edge.RateLimits;
import com.flashsale.web.edge.TrustedProxies;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.operations.Metrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The guards in front of the shopper API, built once per member from {@link EdgeSettings}: who the shopper
 * is ({@link ShopperIdentity}), how fast they and their address may call ({@link RateLimits}), whether a sale
 * wants a proof of work ({@link Challenges}), how many placements run at once ({@link PlacementGate}), and who
 * the client is when a trusted proxy forwarded the request ({@link TrustedProxies}).
 */
public final class ShopperEdge {

  private static final Pattern PLACEMENT = Pattern.compile("/api/sales/[^/]+/orders");
  private static final long ADDRESS_CHECK_TIMEOUT_SECONDS = 5;
  private static final String CLIENT = "flashsale.client";
  /** Threads for the grid calls: twice the placements a member runs at once (the reads beside them), at least this. */
  private static final int MIN_GRID_CALL_THREADS = 1_024;

  private final ShopperIdentity identity;
  private final RateLimits limits;
  private final Challenges challenges;
  private final PlacementGate gate;
  private final OrderService orders;
  private final TrustedProxies proxies;
  private final ExecutorService gridCalls;
  private final WriteBehindLag writeBehindLag;

  private ShopperEdge(ShopperIdentity identity, RateLimits limits, Challenges challenges, PlacementGate gate,
      OrderService orders, TrustedProxies proxies, ExecutorService gridCalls, WriteBehindLag writeBehindLag) {
    this.writeBehindLag = writeBehindLag;
    this.proxies = proxies;
    this.gridCalls = gridCalls;
    this.identity = identity;
    this.limits = limits;
    this.challenges = challenges;
    this.gate = gate;
    this.orders = orders;
  }

  public static ShopperEdge of(FlashSaleNode node, EdgeSettings settings, Clock clock, Metrics metrics) {
    PlacementGate gate = new PlacementGate(settings.maxInFlight());
    metrics.gauge("flashsale.orders.inflight", "Placements this member is running now (bounded by FLASHSALE_MAX_IN_FLIGHT)",
        gate::inFlight);
    return new ShopperEdge(ShopperIdentity.of(settings.jwt()),
        RateLimits.of(node.instance(), settings.userRate(), settings.ipRate()),
        new Challenges(node.instance(), node.sales(), settings, clock), gate, node.orders(), settings.trustedProxies(),
        GridCallThreads.of(Math.max(MIN_GRID_CALL_THREADS, 2 * settings.maxInFlight())), WriteBehindLag.of(node.instance()));
  }

  /**
   * Pauses the calling placement while this member's write-behind is behind the orders ({@link WriteBehindLag}): a
   * few milliseconds on the placement's virtual thread, so that the crowd leaves write-behind the CPU it needs.
   */
  void yieldToWriteBehind() {
    Duration pause = writeBehindLag.pause();
    if (pause.isZero()) {
      return;
    }
    try {
      Thread.sleep(pause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a plain, blocking service call on a virtual thread ({@link GridCallThreads}), so that the answer can
   * carry its deadline: a call that waits for the grid parks only its virtual thread.
   */
  <T> CompletableFuture<T> call(Supplier<T> plain) {
    return CompletableFuture.supplyAsync(plain, gridCalls);
  }

  /** Ends the grid-call threads once the calls they run and any queued have finished (after the server stopped). */
  public void close() {
    gridCalls.shutdown();
  }

  /** The order service the shopper routes use. */
  OrderService orders() {
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

  /**
   * The client's address: the TCP peer, or, when the peer is a trusted proxy, the address it forwarded. Rate
   * limits and the log (MDC {@code client}) use this and nothing else. Worked out once per request.
   */
  String clientAddress(Context ctx) {
    String known = ctx.attribute(CLIENT);
    if (known == null) {
      known = proxies.client(ctx.req().getRemoteAddr(), headerLines(ctx, "X-Forwarded-For"), headerLines(ctx, "Forwarded"));
      ctx.attribute(CLIENT, known);
    }
    return known;
  }

  private static List<String> headerLines(Context ctx, String name) {
    return Collections.list(ctx.req().getHeaders(name));
  }

  /** The client in the log first, identity next (a 401 costs nothing), then the address's rate, then the challenge endpoint. */
  public void register(RoutesConfig routes) {
    routes.before(ctx -> MDC.put("client", clientAddress(ctx)));
    identity.register(routes);
    if (limits.limitsAddresses()) {
      routes.before("/api/*", this::limitAddress);
    }
    routes.get("/api/challenge", ctx -> ctx.header("Cache-Control", "no-store").json(challenges.issue()));
  }

  /** Every shopper call but placing, which checks the address on its grid-call thread with the user's rate. */
  private void limitAddress(Context ctx) {
    if (ctx.path().startsWith("/api/admin/") || isPlacement(ctx)) {
      return;
    }
    try {
      limits.checkAddress(clientAddress(ctx)).get(ADDRESS_CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(failed.getCause());
    } catch (TimeoutException slow) {
      throw ApiError.of(ErrorCode.UNAVAILABLE, "The rate limiter did not answer in time; retry shortly.").retryAfter(1);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw ApiError.of(ErrorCode.UNAVAILABLE, "Interrupted; retry shortly.").retryAfter(1);
    }
  }

  static boolean isPlacement(Context ctx) {
    return ctx.method() == HandlerType.POST && PLACEMENT.matcher(ctx.path()).matches();
  }
}
