package com.flashsale.node.serialization;

import com.hazelcast.nio.serialization.compact.CompactSerializer;

/**
 * Base of every explicit Compact serializer of the grid: it holds the two things each one must say besides its
 * fields, the permanent type name (stored with the data, so a class or package rename never breaks it) and the
 * class it serializes.
 */
public abstract class TypedSerializer<T> implements CompactSerializer<T> {

  private final String typeName;
  private final Class<T> type;

  protected TypedSerializer(String typeName, Class<T> type) {
    this.typeName = typeName;
    this.type = type;
  }

  @Override
  public final String getTypeName() {
    return typeName;
  }

  @Override
  public final Class<T> getCompactClass() {
    return type;
  }
}
