package com.flashsale.web.shopper;

import com.flashsale.web.http.PageAssets;
import com.flashsale.web.http.PathParams;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * {@code GET /shop/{saleId}}: the shopper's page (HTML, its script and styles), served from
 * {@code web/src/main/resources/shop} like the operator dashboard ({@link PageAssets}). The page is the same for
 * every sale (it reads the sale id from its own address), so serving it costs no grid call; everything it shows
 * comes from the shopper API, with the shopper's token when JWTs are on (the page takes it from the address's
 * fragment, which browsers never send to a server). No framing ({@code frame-ancestors 'none'}), so no other site
 * can lay the buy and pay buttons under its own (clickjacking).
 */
public final class ShopPageRoutes {

  private final PageAssets assets = new PageAssets("shopper's page", "shop", Map.of(
      "index.html", "text/html; charset=utf-8",
      "shop.js", "text/javascript; charset=utf-8",
      "shop.css", "text/css; charset=utf-8"));

  public void register(RoutesConfig routes) {
    routes.get("/shop/{saleId}", ctx -> {
      PathParams.id(ctx, "saleId");
      assets.serve(ctx, "index.html");
    });
    routes.get("/shop/assets/{asset}", ctx -> assets.serve(ctx, ctx.pathParam("asset")));
  }
}
