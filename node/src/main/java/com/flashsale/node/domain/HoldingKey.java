package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.partition.PartitionAware;

/**
 * Identifies what one user holds of one product: the key of a {@link Holding}. It is partitioned with
 * the product's {@link ProductKey}, so the allowance check and the stock take of one placement run on
 * the same partition thread.
 */
public record HoldingKey(String saleId, String productId, String userId) implements PartitionAware<String> {

  public static final String TYPE_NAME = "HoldingKey";

  public ProductKey productKey() {
    return new ProductKey(saleId, productId);
  }

  @Override
  public String getPartitionKey() {
    return ProductKey.partitionKeyOf(saleId, productId);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<HoldingKey> {
    @Override
    public HoldingKey read(CompactReader reader) {
      return new HoldingKey(reader.readString("saleId"), reader.readString("productId"), reader.readString("userId"));
    }

    @Override
    public void write(CompactWriter writer, HoldingKey key) {
      writer.writeString("saleId", key.saleId());
      writer.writeString("productId", key.productId());
      writer.writeString("userId", key.userId());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<HoldingKey> getCompactClass() {
      return HoldingKey.class;
    }
  }
}
