package com.flashsale.node.processors;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** What a settling step (confirm, release, free an allowance) found: the order's share, or nothing to move. */
public enum Settled {
  /** The order's units or allowance were moved by this call. */
  MOVED,
  /** The order held nothing here: settled before, or never taken. Nothing changed. */
  NOTHING_HELD;

  public static final String TYPE_NAME = "Settled";

  /**
   * Compact serializer; the type name is permanent. Every confirmed order's settlement answers one of these, and
   * without it the enum travelled by Java serialization, the costliest format Hazelcast has.
   */
  public static final class Serializer implements CompactSerializer<Settled> {
    @Override
    public Settled read(CompactReader reader) {
      return Settled.valueOf(reader.readString("outcome"));
    }

    @Override
    public void write(CompactWriter writer, Settled settled) {
      writer.writeString("outcome", settled.name());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<Settled> getCompactClass() {
      return Settled.class;
    }
  }
}
