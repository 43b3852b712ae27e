package com.flashsale.web.admin;

import com.flashsale.web.http.PageAssets;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * {@code GET /dashboard}: the operator's live page (HTML, its script, styles and the vendored uPlot chart
 * library), served from {@code web/src/main/resources/dashboard} ({@link PageAssets}: only these files, read
 * once at start, nothing from a CDN at run time). The page itself is public; every figure it shows comes from
 * admin calls that need the operator's token, which the page asks for and keeps in sessionStorage.
 */
public final class DashboardRoutes {

  private final PageAssets assets = new PageAssets("dashboard", "dashboard", Map.of(
      "index.html", "text/html; charset=utf-8",
      "dashboard.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8",
      "uPlot.iife.min.js", "text/javascript; charset=utf-8",
      "uPlot.min.css", "text/css; charset=utf-8"));

  public void register(RoutesConfig routes) {
    routes.get("/dashboard", ctx -> assets.serve(ctx, "index.html"));
    routes.get("/dashboard/{file}", ctx -> assets.serve(ctx, ctx.pathParam("file")));
  }
}
