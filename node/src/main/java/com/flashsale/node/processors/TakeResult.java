package com.flashsale.node.processors;

import com.flashsale.node.domain.SaleStatus;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** The answer of {@link TakeUnits}, with the figures a rejection reports: units available, sale status. */
public record TakeResult(Outcome outcome, int available, SaleStatus saleStatus) {

  public static final String TYPE_NAME = "TakeResult";

  /** How a take ended. */
  public enum Outcome {
    /** Units taken for the order by this call. */
    TAKEN,
    /** The order already held its units here (a replay or a retried operation); nothing changed. */
    ALREADY_TAKEN,
    SOLD_OUT,
    INSUFFICIENT_STOCK,
    SALE_NOT_ACTIVE,
    NO_SUCH_PRODUCT
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<TakeResult> {
    @Override
    public TakeResult read(CompactReader reader) {
      String status = reader.readString("saleStatus");
      return new TakeResult(Outcome.valueOf(reader.readString("outcome")), reader.readInt32("available"),
          status == null ? null : SaleStatus.valueOf(status));
    }

    @Override
    public void write(CompactWriter writer, TakeResult result) {
      writer.writeString("outcome", result.outcome().name());
      writer.writeInt32("available", result.available());
      writer.writeString("saleStatus", result.saleStatus() == null ? null : result.saleStatus().name());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<TakeResult> getCompactClass() {
      return TakeResult.class;
    }
  }
}
