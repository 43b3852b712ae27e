package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.List;
import java.util.Map;

/**
 * Reads a user's orders from each ledger it runs on, from the ledger's buyers (one hash lookup per ledger), as
 * the ledger holds them now; nothing from a ledger the user never bought from.
 */
public final class OrdersOfUser implements LedgerRead<LedgerChange> {

  public static final String TYPE_NAME = "OrdersOfUser";

  private final String userId;

  public OrdersOfUser(String userId) {
    this.userId = userId;
  }

  @Override
  public LedgerChange process(Map.Entry<ProductKey, Ledger> entry) {
    List<Order> orders = entry.getValue() == null ? List.of() : entry.getValue().ordersOf(userId);
    return orders.isEmpty() ? null : LedgerChange.of(orders);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<OrdersOfUser> {
    public Serializer() {
      super(TYPE_NAME, OrdersOfUser.class);
    }

    @Override
    public OrdersOfUser read(CompactReader reader) {
      return new OrdersOfUser(reader.readString("userId"));
    }

    @Override
    public void write(CompactWriter writer, OrdersOfUser processor) {
      writer.writeString("userId", processor.userId);
    }
  }
}
