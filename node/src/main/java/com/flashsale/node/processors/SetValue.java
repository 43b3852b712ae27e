package com.flashsale.node.processors;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backup half of a {@link MutatingProcessor}: writes on a backup replica the value the primary wrote, with the
 * expiry the primary gave it if it gave one.
 */
public final class SetValue<K, V, R> implements EntryProcessor<K, V, R> {

  public static final String TYPE_NAME = "SetValue";
  /** The expiry of a value written without one: the map's own. */
  static final long MAP_EXPIRY = -1;

  private final V value;
  private final long ttlMillis;

  public SetValue(V value) {
    this(value, MAP_EXPIRY);
  }

  public SetValue(V value, long ttlMillis) {
    this.value = value;
    this.ttlMillis = ttlMillis;
  }

  public V value() {
    return value;
  }

  @Override
  public R process(Map.Entry<K, V> entry) {
    set(entry, value, ttlMillis);
    return null;
  }

  /** Sets the entry's value, with {@code ttlMillis} as its expiry unless it is {@link #MAP_EXPIRY}. */
  static <K, V> void set(Map.Entry<K, V> entry, V value, long ttlMillis) {
    if (ttlMillis == MAP_EXPIRY) {
      entry.setValue(value);
    } else {
      ((ExtendedMapEntry<K, V>) entry).setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public EntryProcessor<K, V, R> getBackupProcessor() {
    return null;
  }

  /** Compact serializer; the value is any compact type, or absent for a removal. One written before the expiry was
   * carried has none: the map's. */
  @SuppressWarnings("rawtypes")
  public static final class Serializer extends TypedSerializer<SetValue> {
    public Serializer() {
      super(TYPE_NAME, SetValue.class);
    }

    @Override
    public SetValue read(CompactReader reader) {
      long ttlMillis = reader.getFieldKind("ttlMillis") == FieldKind.INT64 ? reader.readInt64("ttlMillis") : MAP_EXPIRY;
      return new SetValue<>(reader.readCompact("value"), ttlMillis);
    }

    @Override
    public void write(CompactWriter writer, SetValue setValue) {
      writer.writeCompact("value", setValue.value());
      writer.writeInt64("ttlMillis", setValue.ttlMillis);
    }
  }
}
