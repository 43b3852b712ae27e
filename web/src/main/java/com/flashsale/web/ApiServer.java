package com.flashsale.web;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.web.admin.AdminRoutes;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.admin.DashboardRoutes;
import com.flashsale.web.admin.StatsRoutes;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.edge.TlsConnector;
import com.flashsale.web.http.ErrorMapping;
import com.flashsale.web.http.Json;
import com.flashsale.web.http.JsonErrorHandler;
import com.flashsale.web.operations.HealthRoutes;
import com.flashsale.web.operations.Metrics;
import com.flashsale.web.shopper.QueueRoutes;
import com.flashsale.web.shopper.ShopPageRoutes;
import com.flashsale.web.shopper.ShopperEdge;
import com.flashsale.web.shopper.ShopperRoutes;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.function.BooleanSupplier;
import org.slf4j.MDC;

/**
 * The HTTP edge of one member: the contract's routes on Javalin, JSON in and out, every error in the
 * contract's shape. Operator bodies may be 16 MiB (Jetty's limit); shopper routes enforce 16 KiB.
 */
public final class ApiServer implements AutoCloseable {

  static final long MAX_OPERATOR_BODY_BYTES = 16L * 1024 * 1024;
  /** The buffer Javalin copies each answer through to the response (the comment where it is set says why). */
  private static final int RESPONSE_COPY_BYTES = 1_500;
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(15);
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final Javalin app;
  private final Metrics metrics;
  private final ShopperEdge edge;

  private ApiServer(Javalin app, Metrics metrics, ShopperEdge edge) {
    this.app = app;
    this.metrics = metrics;
    this.edge = edge;
  }

  /** Starts the API on {@code port} (0 picks a free one) over the member's services. */
  public static ApiServer start(FlashSaleNode node, AdminToken token, int port, Clock clock,
      Map<String, BooleanSupplier> readinessChecks) {
    return start(node, token, port, clock, readinessChecks, EdgeSettings.defaults());
  }

  /** Starts the API with the edge configured: shopper JWTs, rate limits, challenges, shedding, TLS. */
  public static ApiServer start(FlashSaleNode node, AdminToken token, int port, Clock clock,
      Map<String, BooleanSupplier> readinessChecks, EdgeSettings edgeSettings) {
    Metrics metrics = new Metrics(node);
    ShopperEdge edge = ShopperEdge.of(node, edgeSettings, clock, metrics);
    ShopperRoutes shopper = new ShopperRoutes(node.sales(), edge, clock, metrics);
    QueueRoutes queue = new QueueRoutes(node.sales(), node.waitingRooms(), edge);
    AdminRoutes admin = new AdminRoutes(node.sales(), node.reconciler(), node.instance(), node.migrations(), token, clock);
    HealthRoutes health = new HealthRoutes(node.instance(), readinessChecks);
    byte[] openApi = resource("/openapi.json");
    byte[] apiDocs = resource("/docs/index.html");
    org.eclipse.jetty.server.Server[] jetty = new org.eclipse.jetty.server.Server[1];
    Javalin app = Javalin.create(config -> {
      config.http.maxRequestSize = MAX_OPERATOR_BODY_BYTES;
      // Javalin copies each answer to the response through a new buffer of this size, Jetty's output buffer
      // (32 KiB) unless set: a third of what a placement allocated, and at 4 KiB still a tenth of what the member
      // allocated under load (JFR, 20:00 on 2026-11-27). Javalin decides on compression by the first write's length
      // (at least 1,500 bytes); with a buffer of exactly that size, the first write reaches it iff the answer does.
      config.http.responseBufferSize = RESPONSE_COPY_BYTES;
      // A backstop only: shopper calls answer 503 themselves after ShopperRoutes.ANSWER_DEADLINE.
      config.http.asyncTimeout = 30_000;
      config.jetty.timeoutStatus = 503;
      config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      config.startup.showJavalinBanner = false;
      config.jetty.modifyServer(server -> {
        jetty[0] = server;
        server.setErrorHandler(new JsonErrorHandler());
        // On stop, requests in flight finish (up to the timeout) before the connectors close.
        server.setStopTimeout(GRACEFUL_STOP.toMillis());
        server.insertHandler(new GracefulHandler());
      });
      config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
      // Request line and headers past this are refused by Jetty with 431 (JsonErrorHandler writes the body).
      config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(edgeSettings.maxRequestHeaderBytes()));
      if (edgeSettings.tls() != null) {
        config.jetty.addConnector((server, http) -> TlsConnector.on(server, http, edgeSettings.tls(), port));
      }
      // Swagger UI's files from its webjar, for the GET /docs page: nothing from a CDN at run time.
      config.staticFiles.enableWebjars();
      ErrorMapping.register(config.routes);
      config.routes.before(ApiServer::tagRequest);
      config.routes.before(metrics::requestStarted);
      config.routes.after(metrics::requestFinished);
      config.routes.after(ctx -> {
        MDC.remove("requestId");
        MDC.remove("client");
      });
      edge.register(config.routes);
      shopper.register(config.routes);
      queue.register(config.routes);
      admin.register(config.routes);
      new StatsRoutes(node, clock).register(config.routes);
      new DashboardRoutes().register(config.routes);
      new ShopPageRoutes().register(config.routes);
      health.register(config.routes);
      config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
      config.routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(apiDocs));
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    });
    app.start(port);
    metrics.bindJetty(jetty[0]);
    return new ApiServer(app, metrics, edge);
  }

  /**
   * Every call gets an id, echoed in {@code X-Request-Id} and put in the log context. A made-up id is a random
   * (version 4) UUID from the thread's own generator: it names a request in the logs and guards nothing, and
   * {@code UUID.randomUUID()} draws on the shared SecureRandom for every call.
   */
  private static void tagRequest(io.javalin.http.Context ctx) {
    String given = ctx.header("X-Request-Id");
    String requestId = given != null && REQUEST_ID.matcher(given).matches() ? given : randomRequestId();
    MDC.put("requestId", requestId);
    ctx.header("X-Request-Id", requestId);
  }

  private static String randomRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0x3L << 62) | (0x2L << 62);
    return new UUID(high, low).toString();
  }

  private static byte[] resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  public int port() {
    return app.port();
  }

  public Metrics metrics() {
    return metrics;
  }

  /** Stops taking requests; requests in flight finish first (Jetty's graceful stop). */
  @Override
  public void close() {
    app.stop();
    edge.close();
  }
}
