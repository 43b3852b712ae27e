package com.flashsale.web.shopper;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.TicketId;
import com.flashsale.node.service.SaleService;
import com.flashsale.node.service.WaitingRoomService;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.flashsale.web.http.ErrorMapping;
import com.flashsale.web.http.Json;
import com.flashsale.web.http.JsonObject;
import com.flashsale.web.http.PathParams;
import com.flashsale.web.http.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The waiting room of contract v2: joining a product's queue and polling a ticket. Both are shopper calls like
 * any other (the edge's identity and address rate apply; a caller acts only as the user of its token, and another
 * user's ticket is 404 like a missing one). Each is one operation on the product's ledger, where the room lives.
 */
public final class QueueRoutes {

  private final SaleService sales;
  private final WaitingRoomService rooms;
  private final ShopperEdge edge;

  public QueueRoutes(SaleService sales, WaitingRoomService rooms, ShopperEdge edge) {
    this.sales = sales;
    this.rooms = rooms;
    this.edge = edge;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/sales/{saleId}/queue", this::join);
    routes.get("/api/sales/{saleId}/queue/{ticketId}", this::ticket);
  }

  private void join(Context ctx) {
    String saleId = PathParams.id(ctx, "saleId");
    JsonObject body = Json.parseObject(ShopperRoutes.shopperBody(ctx));
    String userId = body.id("userId");
    String productId = body.id("productId");
    int quantity = body.integer("quantity", 1, 1_000_000, null);
    ShopperIdentity.requireSelf(ctx, userId);
    ShopperRoutes.answerWithin(ctx, () -> edge.call(() -> rooms.join(saleId, productId, userId, quantity))
        .thenAccept(answer -> {
          switch (answer.outcome()) {
            case JOINED -> ctx.status(201).json(view(saleId, productId, answer));
            case ALREADY_JOINED -> ctx.status(200).json(view(saleId, productId, answer));
            default -> ErrorMapping.answer(ctx, refusal(answer));
          }
        }));
  }

  private void ticket(Context ctx) {
    String saleId = PathParams.id(ctx, "saleId");
    String ticketId = PathParams.id(ctx, "ticketId");
    ShopperRoutes.answerWithin(ctx, () -> edge.call(() -> rooms.ticket(saleId, ticketId))
        .thenAccept(answer -> {
          if (!answer.hasTicket() || !ShopperIdentity.mayAccess(ctx, answer.ticket().userId())) {
            throw ApiError.of(ErrorCode.TICKET_NOT_FOUND, "There is no such ticket.");
          }
          Sale sale = sale(saleId);
          String productId = sale.productAt(TicketId.parse(ticketId).productIndex()).orElseThrow().productId();
          ctx.header("Cache-Control", "no-store").json(Views.TicketView.of(sale, productId, answer));
        }));
  }

  private Views.TicketView view(String saleId, String productId, TicketAnswer answer) {
    return Views.TicketView.of(sale(saleId), productId, answer);
  }

  private Sale sale(String saleId) {
    return sales.find(saleId).orElseThrow(() -> ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale."));
  }

  static ApiError refusal(TicketAnswer answer) {
    return switch (answer.outcome()) {
      case SALE_NOT_FOUND -> ApiError.of(ErrorCode.SALE_NOT_FOUND, "There is no such sale.");
      case PRODUCT_NOT_FOUND -> ApiError.of(ErrorCode.PRODUCT_NOT_FOUND, "The sale has no such product.");
      case TICKET_NOT_FOUND -> ApiError.of(ErrorCode.TICKET_NOT_FOUND, "There is no such ticket.");
      case NO_WAITING_ROOM -> ApiError.of(ErrorCode.NO_WAITING_ROOM,
          "The sale has no waiting room: place orders directly.");
      case SALE_NOT_ACTIVE -> ApiError.of(ErrorCode.SALE_NOT_ACTIVE, "The sale is " + answer.saleStatus() + ".")
          .with("status", answer.saleStatus());
      case LIMIT_EXCEEDED -> ApiError.of(ErrorCode.LIMIT_EXCEEDED, "The sale allows " + answer.limit()
              + " unit(s) of this product per user; you hold " + answer.held() + ".")
          .with("limit", answer.limit()).with("held", answer.held());
      case SOLD_OUT -> ApiError.of(ErrorCode.SOLD_OUT, "The product is sold out: no units can come back for this quantity.");
      default -> ApiError.of(ErrorCode.UNAVAILABLE, "The waiting room cannot answer right now; retry shortly.")
          .retryAfter(1);
    };
  }
}
