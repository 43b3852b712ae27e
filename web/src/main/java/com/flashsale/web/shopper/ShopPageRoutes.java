package com.flashsale.web.shopper;

import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /shop/{saleId}}: the shopper's page (HTML, its script and styles), served from
 * {@code web/src/main/resources/shop} by explicit routes like the operator dashboard: only these files, read once at
 * start, nothing from a CDN. The page is the same for every sale (it reads the sale id from its own address), so
 * serving it costs no grid call; everything it shows comes from the shopper API, with the shopper's token when
 * JWTs are on (the page takes it from the address's fragment, which browsers never send to a server).
 */
public final class ShopPageRoutes {

  /** File name → content type: the whole of what the shopper's page serves. */
  private static final Map<String, String> ASSETS = Map.of(
      "index.html", "text/html; charset=utf-8",
      "shop.js", "text/javascript; charset=utf-8",
      "shop.css", "text/css; charset=utf-8");
  /**
   * Scripts, styles and data from this origin only, nothing inline; no framing, so no other site can lay the buy
   * and pay buttons under its own (clickjacking).
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final Map<String, byte[]> files;

  public ShopPageRoutes() {
    this.files = Map.copyOf(ASSETS.keySet().stream().collect(Collectors.toMap(name -> name, ShopPageRoutes::read)));
  }

  public void register(RoutesConfig routes) {
    routes.get("/shop/{saleId}", ctx -> {
      PathParams.id(ctx, "saleId");
      serve(ctx, "index.html");
    });
    routes.get("/shop/assets/{asset}", ctx -> serve(ctx, ctx.pathParam("asset")));
  }

  private void serve(Context ctx, String name) {
    byte[] content = files.get(name);
    if (content == null) {
      throw ApiError.of(ErrorCode.NOT_FOUND, "The shopper's page has no such file.");
    }
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    // The token may sit in the page's fragment: no referrer leaves the page, whatever the browser's default.
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(ASSETS.get(name)).result(content);
  }

  private static byte[] read(String name) {
    try (InputStream in = ShopPageRoutes.class.getResourceAsStream("/shop/" + name)) {
      if (in == null) {
        throw new IllegalStateException("shop/" + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
