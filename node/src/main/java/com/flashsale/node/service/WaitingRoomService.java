package com.flashsale.node.service;

import com.flashsale.node.domain.TicketAnswer;

/**
 * The waiting rooms of sales that have one: joining a product's queue and reading a ticket. Admission, expiry
 * and SOLD_OUT are the {@link RoomKeeper}'s work; placing with an admission is the order service's.
 */
public interface WaitingRoomService {

  /** The user joins the product's queue for {@code quantity} units, or gets the live ticket they already hold. */
  TicketAnswer join(String saleId, String productId, String userId, int quantity);

  /** The ticket with this id of the sale, as it stands, with its position; outcome TICKET_NOT_FOUND if none. */
  TicketAnswer ticket(String saleId, String ticketId);
}
