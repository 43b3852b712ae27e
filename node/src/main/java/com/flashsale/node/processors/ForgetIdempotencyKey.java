package com.flashsale.node.processors;

import com.flashsale.node.domain.IdempotencyRecord;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Unbinds an {@code Idempotency-Key} from the order id of a placement that created no order (it was
 * rejected), keeping the request's fingerprint: the same request may try again with the key, another
 * request still gets IDEMPOTENCY_KEY_REUSED. Only the claim for {@code orderId} changes: a newer one stays.
 */
public final class ForgetIdempotencyKey extends MutatingProcessor<String, IdempotencyRecord, Boolean> {

  public static final String TYPE_NAME = "ForgetIdempotencyKey";

  private final long orderId;

  public ForgetIdempotencyKey(long orderId) {
    this.orderId = orderId;
  }

  @Override
  protected Boolean apply(Map.Entry<String, IdempotencyRecord> entry) {
    if (entry.getValue() == null || entry.getValue().orderId() != orderId) {
      return false;
    }
    write(entry, entry.getValue().withoutOrder());
    return true;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<ForgetIdempotencyKey> {
    @Override
    public ForgetIdempotencyKey read(CompactReader reader) {
      return new ForgetIdempotencyKey(reader.readInt64("orderId"));
    }

    @Override
    public void write(CompactWriter writer, ForgetIdempotencyKey processor) {
      writer.writeInt64("orderId", processor.orderId);
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<ForgetIdempotencyKey> getCompactClass() {
      return ForgetIdempotencyKey.class;
    }
  }
}
