package com.flashsale.node.ratelimit;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.concurrent.Callable;

/**
 * Takes one token from a key's bucket on the member that owns the key's partition, for a member that does not: sent
 * with {@code submitToKeyOwner} on the rate limits' executor, it answers what {@link TokenBuckets#take} answers
 * there (0 when taken, else the milliseconds until a token is back), on the owner's clock.
 */
public final class TakeToken implements Callable<Long>, HazelcastInstanceAware {

  public static final String TYPE_NAME = "TakeToken";

  private final String key;
  private final int perSecond;
  private final int burst;
  private transient HazelcastInstance instance;

  public TakeToken(String key, int perSecond, int burst) {
    this.key = key;
    this.perSecond = perSecond;
    this.burst = burst;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public Long call() {
    return TokenBuckets.of(instance).take(key, perSecond, burst, System.currentTimeMillis());
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<TakeToken> {
    public Serializer() {
      super(TYPE_NAME, TakeToken.class);
    }

    @Override
    public TakeToken read(CompactReader reader) {
      return new TakeToken(reader.readString("key"), reader.readInt32("perSecond"), reader.readInt32("burst"));
    }

    @Override
    public void write(CompactWriter writer, TakeToken take) {
      writer.writeString("key", take.key);
      writer.writeInt32("perSecond", take.perSecond);
      writer.writeInt32("burst", take.burst);
    }
  }
}
