package com.flashsale.web.admin;

import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /dashboard}: the operator's live page (HTML, its script, styles and the vendored uPlot chart
 * library), served from {@code web/src/main/resources/dashboard} by explicit routes: only these files, read
 * once at start, nothing from a CDN at run time. The page itself is public; every figure it shows comes from
 * admin calls that need the operator's token, which the page asks for and keeps in sessionStorage.
 */
public final class DashboardRoutes {

  /** File name → content type: the whole of what the dashboard serves. */
  private static final Map<String, String> ASSETS = Map.of(
      "index.html", "text/html; charset=utf-8",
      "dashboard.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8",
      "uPlot.iife.min.js", "text/javascript; charset=utf-8",
      "uPlot.min.css", "text/css; charset=utf-8");
  /** Scripts and styles from this origin only; data from this origin only; no framing. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final Map<String, byte[]> files;

  public DashboardRoutes() {
    this.files = Map.copyOf(ASSETS.keySet().stream().collect(java.util.stream.Collectors.toMap(name -> name,
        DashboardRoutes::read)));
  }

  public void register(RoutesConfig routes) {
    routes.get("/dashboard", ctx -> serve(ctx, "index.html"));
    routes.get("/dashboard/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
  }

  private void serve(Context ctx, String name) {
    byte[] content = files.get(name);
    if (content == null) {
      throw ApiError.of(ErrorCode.NOT_FOUND, "The dashboard has no such file.");
    }
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(ASSETS.get(name)).result(content);
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard/" + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
