package com.flashsale.node.jet;

/**
 * One item of the statistics job's merged stream: a placement event ({@link PlacementEvent}) or a waiting room's
 * step ({@link RoomEvent}) from the placement-events journal, or a second passing with the sale's ledger figures
 * ({@link SaleTick}). The job groups them by sale.
 */
public sealed interface SaleInput permits PlacementEvent, RoomEvent, SaleTick {

  String saleId();
}
