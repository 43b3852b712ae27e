package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * What an {@code Idempotency-Key} was first used for: a fingerprint of the request and the order id the
 * server chose for it. A replay with the same fingerprint resumes or returns that very order id, so the
 * placement, idempotent per order id in every step, can never take stock twice. A key whose placement was
 * rejected keeps its fingerprint with {@link #NO_ORDER}: the same request may try again, another is refused.
 */
public record IdempotencyRecord(String requestHash, long orderId, long claimedAt) {

  public static final String TYPE_NAME = "Idempotency";

  /** The order id of a key whose request created no order (flake ids are never 0). */
  public static final long NO_ORDER = 0L;

  public boolean hasOrder() {
    return orderId != NO_ORDER;
  }

  /** The same fingerprint, bound to no order: what a rejected placement leaves behind. */
  public IdempotencyRecord withoutOrder() {
    return new IdempotencyRecord(requestHash, NO_ORDER, claimedAt);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<IdempotencyRecord> {
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

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<IdempotencyRecord> getCompactClass() {
      return IdempotencyRecord.class;
    }
  }
}
