package com.flashsale.node.processors;

import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Holding;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * First step of a placement: reserves {@code units} of the user's per-user limit for the order, or
 * answers that the limit would be exceeded. Reserving for an order that already holds its share changes
 * nothing, so a replayed placement reserves once.
 */
public final class ReserveAllowance extends MutatingProcessor<HoldingKey, Holding, AllowanceResult> {

  public static final String TYPE_NAME = "ReserveAllowance";

  private final long orderId;
  private final int units;
  private final int limit;
  private final long now;

  public ReserveAllowance(long orderId, int units, int limit, long now) {
    this.orderId = orderId;
    this.units = units;
    this.limit = limit;
    this.now = now;
  }

  @Override
  protected AllowanceResult apply(Map.Entry<HoldingKey, Holding> entry) {
    Holding holding = entry.getValue() == null ? Holding.empty() : entry.getValue();
    if (holding.order(orderId).isPresent()) {
      return AllowanceResult.reservedWithin(limit, holding.held());
    }
    if (holding.held() + units > limit) {
      return AllowanceResult.limitExceeded(limit, holding.held());
    }
    Holding next = holding.reserve(orderId, units, now);
    write(entry, next);
    return AllowanceResult.reservedWithin(limit, next.held());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ReserveAllowance> {
    @Override
    public ReserveAllowance read(CompactReader reader) {
      return new ReserveAllowance(reader.readInt64("orderId"), reader.readInt32("units"), reader.readInt32("limit"),
          reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, ReserveAllowance processor) {
      writer.writeInt64("orderId", processor.orderId);
      writer.writeInt32("units", processor.units);
      writer.writeInt32("limit", processor.limit);
      writer.writeInt64("now", processor.now);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ReserveAllowance> getCompactClass() {
      return ReserveAllowance.class;
    }
  }
}
