package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.partition.PartitionAware;

/**
 * Identifies one product of one sale: the key of its {@link Ledger}. Everything a placement decides for the
 * product lives under this one key, so placements of one product queue on one partition thread in arrival order.
 *
 * <p>The key is placed by its {@link #shard()}, a number every order id carries ({@link OrderId}): a read of an
 * order by id goes straight to its ledger's partition, whatever the cluster's partition count, so no second copy
 * of the order has to say where it lives.
 */
public record ProductKey(String saleId, String productId) implements PartitionAware<Integer> {

  public static final String TYPE_NAME = "ProductKey";
  /** How many shards products are spread over: many more than partitions, so products still spread evenly. */
  public static final int SHARDS = 4096;

  @Override
  public Integer getPartitionKey() {
    return shard();
  }

  /**
   * The product's shard, in {@code [0, SHARDS)}: a hash of the two ids that never changes (String's hash is part
   * of the language), so an order id handed out before a restart still names the partition its ledger loads to.
   */
  public int shard() {
    return Math.floorMod((saleId + '/' + productId).hashCode(), SHARDS);
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
