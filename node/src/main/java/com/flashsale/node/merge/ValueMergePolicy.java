package com.flashsale.node.merge;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Base of the merge policies that heal a map after a network split: when both sides hold a value for one key,
 * {@link #resolve} decides what the merged cluster keeps. Equal values, or a key only one side has, merge the
 * way Hazelcast's {@code PutIfAbsentMergePolicy} would, without deserializing more than the comparison needs.
 *
 * <p>Hazelcast creates policies by class name on every member and ships them inside merge operations as
 * {@code DataSerializable}; they hold no state, so there is nothing to write. The merge argument is typed
 * {@link MergingValue} (what {@code PutIfAbsentMergePolicy} asks for too): the rules need the values only, so the
 * map needs no statistics for them and tests can hand in plain values.
 */
public abstract class ValueMergePolicy<V> implements SplitBrainMergePolicy<V, MergingValue<V>, Object> {

  @Override
  public final Object merge(MergingValue<V> merging, MergingValue<V> existing) {
    if (existing == null || existing.getDeserializedValue() == null) {
      return merging.getRawValue();
    }
    V kept = existing.getDeserializedValue();
    V incoming = merging.getDeserializedValue();
    if (incoming == null || kept.equals(incoming)) {
      return existing.getRawValue();
    }
    return resolve(kept, incoming);
  }

  /**
   * The value the merged cluster keeps for a key whose two sides diverged. Whatever it returns must differ from
   * both sides' values in {@code version} (the higher one plus one): write-behind stores keep a row only for a
   * newer version, and either side may already have written its own value under the same version.
   */
  protected abstract V resolve(V existing, V merging);

  @Override
  public final void writeData(ObjectDataOutput out) {
    // Stateless: nothing to ship.
  }

  @Override
  public final void readData(ObjectDataInput in) {
    // Stateless: nothing to read.
  }
}
