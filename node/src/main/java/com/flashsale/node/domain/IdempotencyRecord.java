package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * What an {@code Idempotency-Key} was first used for: a fingerprint of the request and the order id the
 * server chose for it. Every request under the key places that very order id, which the product's ledger
 * creates at most once, so a replay can never take stock twice; a request with another fingerprint is refused.
 */
public record IdempotencyRecord(String requestHash, long orderId, long claimedAt) {

  public static final String TYPE_NAME = "Idempotency";

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<IdempotencyRecord> {
    public Serializer() {
      super(TYPE_NAME, IdempotencyRecord.class);
    }

    @Override
    public IdempotencyRecord read(CompactReader reader) {
      return new IdempotencyRecord(reader.readString("requestHash"), reader.readInt64("orderId"), reader.readInt64("claimedAt"));
    }

    @Override
    public void write(CompactWriter writer, IdempotencyRecord record) {
      writer.writeString("requestHash", record.requestHash());
      writer.writeInt64("orderId", record.orderId());
      writer.writeInt64("claimedAt", record.claimedAt());
    }
  }
}
