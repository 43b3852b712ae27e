package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.partition.PartitionAware;

/**
 * Identifies one product of one sale: the key of its {@link Ledger}. Everything a placement decides for the
 * product lives under this one key, so placements of one product queue on one partition thread in arrival order.
 */
public record ProductKey(String saleId, String productId) implements PartitionAware<String> {

  public static final String TYPE_NAME = "ProductKey";

  @Override
  public String getPartitionKey() {
    return partitionKeyOf(saleId, productId);
  }

  /** '/' is outside the id alphabet, so distinct products never share a partition key by accident. */
  static String partitionKeyOf(String saleId, String productId) {
    return saleId + '/' + productId;
  }

  @Override
  public String toString() {
    return saleId + '/' + productId;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<ProductKey> {
    public Serializer() {
      super(TYPE_NAME, ProductKey.class);
    }

    @Override
    public ProductKey read(CompactReader reader) {
      return new ProductKey(reader.readString("saleId"), reader.readString("productId"));
    }

    @Override
    public void write(CompactWriter writer, ProductKey key) {
      writer.writeString("saleId", key.saleId());
      writer.writeString("productId", key.productId());
    }
  }
}
