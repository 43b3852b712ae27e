package com.flashsale.node.processors;

import com.flashsale.node.domain.Hold;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lifts the merge fence of one product's stock with what its orders say, counted by {@code StockRebuild} from
 * the stock value of {@code expectedVersion}. Applied only to that very value: if the stock moved since (a
 * settlement, another member's rebuild), nothing changes and the answer is {@code VERSION_MOVED}, because the
 * counts were made against holds that may no longer be there.
 *
 * <p>The lifted stock: {@code confirmed} is what the CONFIRMED orders add up to, never less than the stock
 * already counted (an order the query missed must not free units); holds of CONFIRMED orders go, being counted in
 * {@code confirmed} (the settlement that would have moved them finds nothing held and moves nothing); every
 * PENDING order without units gets its hold; the fence goes and what is left is available. If that leaves less
 * than nothing the product is oversold: the answer says by how much, and the stored figures sell nothing more
 * (confirmed first, then whole holds while they fit, the rest counted as confirmed), so no later release can
 * put units on sale that the orders have already promised. A person decides which orders to cancel.
 */
public final class SettleMergeFence extends MutatingProcessor<ProductKey, Stock, FenceSettlement> {

  public static final String TYPE_NAME = "SettleMergeFence";

  private final long expectedVersion;
  private final int confirmedByOrders;
  private final List<Long> confirmedHolders;
  private final List<Hold> missingHolds;

  /**
   * @param confirmedByOrders units of all CONFIRMED orders of the product
   * @param confirmedHolders ids of the CONFIRMED orders that still hold units in the stock read
   * @param missingHolds holds for the PENDING orders that hold no units in the stock read
   */
  public SettleMergeFence(long expectedVersion, int confirmedByOrders, List<Long> confirmedHolders,
      List<Hold> missingHolds) {
    this.expectedVersion = expectedVersion;
    this.confirmedByOrders = confirmedByOrders;
    this.confirmedHolders = List.copyOf(confirmedHolders);
    this.missingHolds = List.copyOf(missingHolds);
  }

  @Override
  protected FenceSettlement apply(Map.Entry<ProductKey, Stock> entry) {
    Stock stock = entry.getValue();
    if (stock == null || !stock.fenced()) {
      return FenceSettlement.of(FenceSettlement.Outcome.NO_FENCE);
    }
    if (stock.version() != expectedVersion) {
      return FenceSettlement.of(FenceSettlement.Outcome.VERSION_MOVED);
    }
    int confirmed = Math.max(stock.confirmed(), confirmedByOrders);
    List<Hold> wanted = new ArrayList<>();
    Set<Long> held = new HashSet<>();
    for (Hold hold : stock.holds()) {
      if (!hold.isMergeFence() && !confirmedHolders.contains(hold.orderId()) && held.add(hold.orderId())) {
        wanted.add(hold);
      }
    }
    missingHolds.stream().filter(hold -> held.add(hold.orderId())).forEach(wanted::add);
    int oversold = Math.max(0, confirmed + wanted.stream().mapToInt(Hold::units).sum() - stock.total());
    write(entry, lifted(stock, confirmed, wanted, oversold));
    return FenceSettlement.settled(oversold);
  }

  private static Stock lifted(Stock stock, int confirmed, List<Hold> wanted, int oversold) {
    int confirmedStored = Math.min(confirmed, stock.total());
    int room = stock.total() - confirmedStored;
    List<Hold> holds = new ArrayList<>();
    for (Hold hold : wanted) {
      if (hold.units() <= room) {
        holds.add(hold);
        room -= hold.units();
      }
    }
    if (oversold > 0) {
      confirmedStored += room;
      room = 0;
    }
    return new Stock(stock.total(), room, confirmedStored, holds, stock.opensAt(), stock.closesAt(), stock.version() + 1);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<SettleMergeFence> {
    @Override
    public SettleMergeFence read(CompactReader reader) {
      return new SettleMergeFence(reader.readInt64("expectedVersion"), reader.readInt32("confirmedByOrders"),
          Arrays.stream(reader.readArrayOfInt64("confirmedHolders")).boxed().toList(),
          Arrays.asList(reader.readArrayOfCompact("missingHolds", Hold.class)));
    }

    @Override
    public void write(CompactWriter writer, SettleMergeFence processor) {
      writer.writeInt64("expectedVersion", processor.expectedVersion);
      writer.writeInt32("confirmedByOrders", processor.confirmedByOrders);
      writer.writeArrayOfInt64("confirmedHolders",
          processor.confirmedHolders.stream().mapToLong(Long::longValue).toArray());
      writer.writeArrayOfCompact("missingHolds", processor.missingHolds.toArray(new Hold[0]));
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<SettleMergeFence> getCompactClass() {
      return SettleMergeFence.class;
    }
  }
}
