package com.flashsale.node.processors;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Binds an {@code Idempotency-Key} to a request fingerprint and the order id chosen for it, atomically:
 * the first caller's record stands for good, and every later caller gets it back to compare fingerprints
 * and to place that same order id, which the ledger creates at most once.
 */
public final class ClaimIdempotencyKey extends MutatingProcessor<String, IdempotencyRecord, IdempotencyRecord> {

  public static final String TYPE_NAME = "ClaimIdempotencyKey";

  private final IdempotencyRecord claim;

  public ClaimIdempotencyKey(IdempotencyRecord claim) {
    this.claim = claim;
  }

  /** Returns the record that stands for the key: this claim if it was first, the earlier one otherwise. */
  @Override
  protected IdempotencyRecord apply(Map.Entry<String, IdempotencyRecord> entry) {
    IdempotencyRecord standing = entry.getValue();
    if (standing != null) {
      return standing;
    }
    write(entry, claim);
    return claim;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<ClaimIdempotencyKey> {
    public Serializer() {
      super(TYPE_NAME, ClaimIdempotencyKey.class);
    }

    @Override
    public ClaimIdempotencyKey read(CompactReader reader) {
      return new ClaimIdempotencyKey(reader.readCompact("claim"));
    }

    @Override
    public void write(CompactWriter writer, ClaimIdempotencyKey processor) {
      writer.writeCompact("claim", processor.claim);
    }
  }
}
