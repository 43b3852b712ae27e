package com.flashsale.node.processors;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.SaleStatus;
import com.flashsale.node.domain.Stock;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Second step of a placement, the one that decides who gets the units: checks the sale window and the
 * units available, then holds {@code units} for the order. Runs on the product's partition thread, so
 * takes of one product are served one at a time in arrival order and can never oversell. Taking for an
 * order that already holds units changes nothing (a replay or a retried operation takes once).
 */
public final class TakeUnits extends MutatingProcessor<ProductKey, Stock, TakeResult> {

  public static final String TYPE_NAME = "TakeUnits";

  private final long orderId;
  private final String userId;
  private final int units;
  private final long deadline;
  private final long now;

  /** @param deadline when the sweeper should look at the hold if nobody settles it (epoch ms) */
  public TakeUnits(long orderId, String userId, int units, long deadline, long now) {
    this.orderId = orderId;
    this.userId = userId;
    this.units = units;
    this.deadline = deadline;
    this.now = now;
  }

  @Override
  protected TakeResult apply(Map.Entry<ProductKey, Stock> entry) {
    Stock stock = entry.getValue();
    if (stock == null) {
      return new TakeResult(TakeResult.Outcome.NO_SUCH_PRODUCT, 0, null);
    }
    if (stock.hold(orderId).isPresent()) {
      return new TakeResult(TakeResult.Outcome.ALREADY_TAKEN, stock.available(), SaleStatus.ACTIVE);
    }
    SaleStatus status = stock.statusAt(now);
    if (status != SaleStatus.ACTIVE) {
      return new TakeResult(TakeResult.Outcome.SALE_NOT_ACTIVE, stock.available(), status);
    }
    if (stock.available() == 0) {
      return new TakeResult(TakeResult.Outcome.SOLD_OUT, 0, status);
    }
    if (stock.available() < units) {
      return new TakeResult(TakeResult.Outcome.INSUFFICIENT_STOCK, stock.available(), status);
    }
    Stock next = stock.take(orderId, userId, units, deadline);
    write(entry, next);
    return new TakeResult(TakeResult.Outcome.TAKEN, next.available(), status);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<TakeUnits> {
    @Override
    public TakeUnits read(CompactReader reader) {
      return new TakeUnits(reader.readInt64("orderId"), reader.readString("userId"), reader.readInt32("units"), reader.readInt64("deadline"),
          reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, TakeUnits processor) {
      writer.writeInt64("orderId", processor.orderId);
      writer.writeString("userId", processor.userId);
      writer.writeInt32("units", processor.units);
      writer.writeInt64("deadline", processor.deadline);
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<TakeUnits> getCompactClass() {
      return TakeUnits.class;
    }
  }
}
