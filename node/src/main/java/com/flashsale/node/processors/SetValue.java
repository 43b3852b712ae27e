package com.flashsale.node.processors;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/** The backup half of a {@link MutatingProcessor}: writes on a backup replica the value the primary wrote. */
public final class SetValue<K, V, R> implements EntryProcessor<K, V, R> {

  public static final String TYPE_NAME = "SetValue";

  private final V value;

  public SetValue(V value) {
    this.value = value;
  }

  public V value() {
    return value;
  }

  @Override
  public R process(Map.Entry<K, V> entry) {
    entry.setValue(value);
    return null;
  }

  @Override
  public EntryProcessor<K, V, R> getBackupProcessor() {
    return null;
  }

  /**
   * Compact serializer; the value is any compact type, or absent for a removal. A backup written when values
   * could carry an expiry has a {@code ttlMillis} field too, which nothing reads any more.
   */
  @SuppressWarnings("rawtypes")
  public static final class Serializer extends TypedSerializer<SetValue> {
    public Serializer() {
      super(TYPE_NAME, SetValue.class);
    }

    @Override
    public SetValue read(CompactReader reader) {
      return new SetValue<>(reader.readCompact("value"));
    }

    @Override
    public void write(CompactWriter writer, SetValue setValue) {
      writer.writeCompact("value", setValue.value());
    }
  }
}
