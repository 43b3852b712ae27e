package com.flashsale.node.service;

import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.domain.TicketAnswer.Outcome;
import com.flashsale.node.domain.TicketId;
import com.flashsale.node.jet.PlacementEvents;
import com.flashsale.node.jet.RoomEvent;
import com.flashsale.node.processors.JoinRoom;
import com.flashsale.node.processors.ReadTicket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Joins and polls, each one operation on the product's ledger, where the room lives. */
public final class HazelcastWaitingRoomService implements WaitingRoomService {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Grid grid;
  private final PlacementEvents events;

  public HazelcastWaitingRoomService(Grid grid) {
    this.grid = grid;
    this.events = new PlacementEvents(grid.instance());
  }

  @Override
  public TicketAnswer join(String saleId, String productId, String userId, int quantity) {
    Sale sale = grid.sales().get(saleId);
    if (sale == null) {
      return TicketAnswer.refused(Outcome.SALE_NOT_FOUND);
    }
    Optional<Product> product = sale.product(productId);
    if (product.isEmpty()) {
      return TicketAnswer.refused(Outcome.PRODUCT_NOT_FOUND);
    }
    if (sale.waitingRoom() == null) {
      return TicketAnswer.refused(Outcome.NO_WAITING_ROOM);
    }
    TicketAnswer answer = grid.ledgers().executeOnKey(new ProductKey(saleId, productId),
        new JoinRoom(userId, quantity, sale.perUserLimit(), nonce()));
    if (answer.outcome() == Outcome.JOINED) {
      events.room(RoomEvent.joined(saleId, productId, answer.ticket().joinedAt()));
    }
    return answer;
  }

  @Override
  public TicketAnswer ticket(String saleId, String ticketId) {
    Sale sale = grid.sales().get(saleId);
    TicketId id = TicketId.parse(ticketId);
    Optional<Product> product = sale == null || id == null ? Optional.empty() : sale.productAt(id.productIndex());
    if (product.isEmpty()) {
      return TicketAnswer.refused(Outcome.TICKET_NOT_FOUND);
    }
    return grid.ledgers().executeOnKey(new ProductKey(saleId, product.get().productId()),
        new ReadTicket(id.seq(), id.nonce()));
  }

  /** 48 random bits, URL-safe. */
  private static String nonce() {
    byte[] bits = new byte[6];
    RANDOM.nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }
}
