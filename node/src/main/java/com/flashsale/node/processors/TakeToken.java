package com.flashsale.node.processors;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Takes one token from a caller's bucket of the edge's rate limits (key "user:" or "ip:" plus the id): the bucket
 * holds up to {@code burst} tokens and gains {@code perSecond} a second, continuously. The whole bucket is one
 * small value ({@link Bucket}: the tokens it held, in thousandths, and when), judged on the clock of the member
 * that owns the key. Answers 0 when the token was taken, else the milliseconds until one is back; a refusal
 * changes nothing. A bucket leaves the grid once it would be full again and a while more ({@link #IDLE_MILLIS}), so
 * an idle caller costs nothing; the backup receives the value and expiry the owner wrote, never a re-run. One
 * instance per call: it remembers what it wrote for its backup ({@link MutatingProcessor}).
 */
public final class TakeToken extends MutatingProcessor<String, TakeToken.Bucket, Long> {

  public static final String TYPE_NAME = "TakeToken";
  /** How long a full bucket stays after the last token was taken: a caller back within it finds it full anyway. */
  static final long IDLE_MILLIS = 10_000;
  private static final long MILLI = 1_000;

  private final int perSecond;
  private final int burst;

  public TakeToken(int perSecond, int burst) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("a bucket needs a rate and a burst of at least 1: " + perSecond + "/" + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** A bucket's state: {@code milliTokens} thousandths of a token held at {@code atMillis} (the owner's clock). */
  public record Bucket(long milliTokens, long atMillis) {

    public static final String TYPE_NAME = "TokenBucket";

    /** Compact serializer; the type name is permanent. */
    public static final class Serializer extends TypedSerializer<Bucket> {
      public Serializer() {
        super(TYPE_NAME, Bucket.class);
      }

      @Override
      public Bucket read(CompactReader reader) {
        return new Bucket(reader.readInt64("milliTokens"), reader.readInt64("atMillis"));
      }

      @Override
      public void write(CompactWriter writer, Bucket bucket) {
        writer.writeInt64("milliTokens", bucket.milliTokens());
        writer.writeInt64("atMillis", bucket.atMillis());
      }
    }
  }

  @Override
  protected Long apply(Map.Entry<String, Bucket> entry) {
    return take(entry, System.currentTimeMillis());
  }

  Long take(Map.Entry<String, Bucket> entry, long now) {
    long full = burst * MILLI;
    Bucket bucket = entry.getValue();
    // A clock that stepped back (another owner after a migration) refills nothing rather than a negative amount.
    long held = bucket == null ? full : Math.min(full, bucket.milliTokens() + Math.max(0, now - bucket.atMillis()) * perSecond);
    if (held < MILLI) {
      return Math.ceilDiv(MILLI - held, perSecond);
    }
    long left = held - MILLI;
    write(entry, new Bucket(left, now), Math.ceilDiv(full - left, perSecond) + IDLE_MILLIS);
    return 0L;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<TakeToken> {
    public Serializer() {
      super(TYPE_NAME, TakeToken.class);
    }

    @Override
    public TakeToken read(CompactReader reader) {
      return new TakeToken(reader.readInt32("perSecond"), reader.readInt32("burst"));
    }

    @Override
    public void write(CompactWriter writer, TakeToken take) {
      writer.writeInt32("perSecond", take.perSecond);
      writer.writeInt32("burst", take.burst);
    }
  }
}
