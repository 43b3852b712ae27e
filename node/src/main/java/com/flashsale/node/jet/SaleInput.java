package com.flashsale.node.jet;

/**
 * One item of the statistics job's merged stream, from either journal: an order's move between statuses
 * ({@link OrderMove}), a placement event ({@link PlacementEvent}), a waiting room's step ({@link RoomEvent}), or a second passing ({@link SaleTick}). The
 * job groups them by sale.
 */
public sealed interface SaleInput permits OrderMove, PlacementEvent, RoomEvent, SaleTick {

  String saleId();
}
