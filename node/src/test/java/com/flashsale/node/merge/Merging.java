package com.flashsale.node.merge;

import com.hazelcast.spi.merge.MergingValue;

/** A side's value as a merge policy receives it: the raw value is the value itself, as with OBJECT format. */
final class Merging {

  private Merging() {}

  static <V> MergingValue<V> value(V value) {
    return new MergingValue<>() {
      @Override
      public V getDeserializedValue() {
        return value;
      }

      @Override
      public Object getRawValue() {
        return value;
      }
    };
  }
}
