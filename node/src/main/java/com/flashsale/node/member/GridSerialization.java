package com.flashsale.node.member;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.OrderCounts;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketAnswer;
import com.flashsale.node.jet.MemberSums;
import com.flashsale.node.jet.PlacementEvent;
import com.flashsale.node.jet.ReconciliationPipeline;
import com.flashsale.node.jet.RoomEvent;
import com.flashsale.node.jet.SaleStats;
import com.flashsale.node.jet.SaleTick;
import com.flashsale.node.jet.SaleTotals;
import com.flashsale.node.jet.SumSaleTotals;
import com.flashsale.node.processors.AdvanceRoom;
import com.flashsale.node.processors.ApplyLedgerChange;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.EndSale;
import com.flashsale.node.processors.ExpireDue;
import com.flashsale.node.processors.JoinRoom;
import com.flashsale.node.processors.OpenLedger;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.FindOrder;
import com.flashsale.node.processors.OrdersOfUser;
import com.flashsale.node.processors.PlaceOrder;
import com.flashsale.node.processors.ReadStock;
import com.flashsale.node.processors.ReadTicket;
import com.flashsale.node.processors.RecordLedger;
import com.flashsale.node.processors.SetValue;
import com.flashsale.node.processors.SettleOrder;
import com.flashsale.node.ratelimit.TakeToken;
import com.hazelcast.config.SerializationConfig;

/**
 * Registers the explicit Compact serializers of every stored value, key, entry processor and result.
 * Type names are permanent: renaming a class or package never breaks stored or in-flight data.
 */
public final class GridSerialization {

  private GridSerialization() {}

  public static SerializationConfig register(SerializationConfig serialization) {
    serialization.getCompactSerializationConfig().setSerializers(
        new ProductKey.Serializer(),
        new Product.Serializer(),
        new Sale.Serializer(),
        new Order.Serializer(),
        new Ledger.Serializer(),
        new LedgerChange.Serializer(),
        new Stock.Serializer(),
        new Placement.Serializer(),
        new IdempotencyRecord.Serializer(),
        new SetValue.Serializer(),
        new OrderChange.Serializer(),
        new PlaceOrder.Serializer(),
        new SettleOrder.Serializer(),
        new ExpireDue.Serializer(),
        new ApplyLedgerChange.Serializer(),
        new ReadStock.Serializer(),
        new FindOrder.Serializer(),
        new OrdersOfUser.Serializer(),
        new CloseSaleWindow.Serializer(),
        new OpenLedger.Serializer(),
        new ClaimIdempotencyKey.Serializer(),
        new EndSale.Serializer(),
        new OrderCounts.Serializer(),
        new PlacementEvent.Serializer(),
        new SaleTick.Serializer(),
        new SaleTotals.Serializer(),
        new SumSaleTotals.Serializer(),
        new MemberSums.Serializer(),
        new MemberSums.Answer.Serializer(),
        new RecordLedger.Serializer(),
        new SaleStats.Serializer(),
        new Ticket.Serializer(),
        new RoomEvent.Serializer(),
        new TicketAnswer.Serializer(),
        new JoinRoom.Serializer(),
        new AdvanceRoom.Serializer(),
        new ReadTicket.Serializer(),
        new TakeToken.Serializer(),
        new ReconciliationPipeline.LedgerDigest.Serializer(),
        new ReconciliationPipeline.DigestOf.Serializer());
    return serialization;
  }
}
