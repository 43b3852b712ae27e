package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.projection.Projection;
import com.hazelcast.query.Predicate;
import java.util.Map;

/**
 * A user's orders, as a query over the ledgers: the predicate keeps the ledgers the user bought from (one hash
 * lookup in each ledger's buyers), the projection reads the user's orders from them, as each ledger holds them now.
 *
 * <p>A query, not an entry processor on every entry: the query reads each member's ledgers in one operation per
 * member, where a partition-wide entry processor took one operation per partition (271) and an entry object per
 * ledger. A ledger is an immutable value, replaced whole by each change, so a query thread reads it safely beside the
 * partition thread, and it reads the value the last answered change stored. It reads the value itself: an attribute
 * predicate would serialize every ledger to read one field ({@code HoldSweeper.HoldsUnpaid} says how much that cost).
 */
public final class OrdersOfUser implements Predicate<ProductKey, Ledger>,
    Projection<Map.Entry<ProductKey, Ledger>, LedgerChange> {

  public static final String TYPE_NAME = "OrdersOfUser";

  private final String userId;

  public OrdersOfUser(String userId) {
    this.userId = userId;
  }

  @Override
  public boolean apply(Map.Entry<ProductKey, Ledger> entry) {
    return entry.getValue() != null && entry.getValue().boughtBy(userId);
  }

  @Override
  public LedgerChange transform(Map.Entry<ProductKey, Ledger> entry) {
    return LedgerChange.of(entry.getValue().ordersOf(userId));
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
