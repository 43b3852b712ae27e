package com.flashsale.node.member;

import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.jet.OrderMove;
import com.flashsale.node.jet.PlacementEvent;
import com.flashsale.node.jet.SaleStats;
import com.flashsale.node.processors.AllowanceResult;
import com.flashsale.node.processors.CancelOrder;
import com.flashsale.node.processors.ClaimIdempotencyKey;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.ConfirmPayment;
import com.flashsale.node.processors.ConfirmUnits;
import com.flashsale.node.processors.CreateOrder;
import com.flashsale.node.processors.EndSale;
import com.flashsale.node.processors.ExpireOrder;
import com.flashsale.node.processors.ExtendHold;
import com.flashsale.node.processors.FenceSettlement;
import com.flashsale.node.processors.FailPayment;
import com.flashsale.node.processors.ForgetIdempotencyKey;
import com.flashsale.node.processors.OrderChange;
import com.flashsale.node.processors.ReleaseAllowance;
import com.flashsale.node.processors.ReleaseUnits;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.processors.SetValue;
import com.flashsale.node.processors.Settled;
import com.flashsale.node.processors.SettleMergeFence;
import com.flashsale.node.processors.TakeResult;
import com.flashsale.node.processors.TakeUnits;
import com.flashsale.node.processors.VoidOrder;
import com.hazelcast.config.SerializationConfig;
import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;

/**
 * Registers the explicit Compact serializers of every stored value, key, entry processor and result.
 * Type names are permanent: renaming a class or package never breaks stored or in-flight data.
 */
public final class GridSerialization {

  /**
   * The first type id of bucket4j's stream serializers (the edge's rate-limit buckets): a range of its own,
   * fixed for good, because members of one cluster must agree on it.
   */
  public static final int BUCKET4J_TYPE_ID_BASE = 10_000;

  private GridSerialization() {}

  public static SerializationConfig register(SerializationConfig serialization) {
    serialization.getCompactSerializationConfig().setSerializers(
        new ProductKey.Serializer(),
        new HoldingKey.Serializer(),
        new Product.Serializer(),
        new Sale.Serializer(),
        new Hold.Serializer(),
        new Stock.Serializer(),
        new HeldOrder.Serializer(),
        new Holding.Serializer(),
        new Order.Serializer(),
        new IdempotencyRecord.Serializer(),
        new SetValue.Serializer(),
        new AllowanceResult.Serializer(),
        new TakeResult.Serializer(),
        new Settled.Serializer(),
        new OrderChange.Serializer(),
        new ReserveAllowance.Serializer(),
        new ReleaseAllowance.Serializer(),
        new TakeUnits.Serializer(),
        new ConfirmUnits.Serializer(),
        new ExtendHold.Serializer(),
        new ReleaseUnits.Serializer(),
        new CloseSaleWindow.Serializer(),
        new CreateOrder.Serializer(),
        new VoidOrder.Serializer(),
        new ConfirmPayment.Serializer(),
        new FailPayment.Serializer(),
        new CancelOrder.Serializer(),
        new ExpireOrder.Serializer(),
        new ClaimIdempotencyKey.Serializer(),
        new ForgetIdempotencyKey.Serializer(),
        new EndSale.Serializer(),
        new SettleMergeFence.Serializer(),
        new FenceSettlement.Serializer(),
        new OrderMove.Serializer(),
        new PlacementEvent.Serializer(),
        new SaleStats.Serializer());
    HazelcastProxyManager.addCustomSerializers(serialization, BUCKET4J_TYPE_ID_BASE);
    return serialization;
  }
}
