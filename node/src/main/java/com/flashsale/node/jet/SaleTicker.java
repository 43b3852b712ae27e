package com.flashsale.node.jet;

import com.flashsale.node.member.MapNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;

/**
 * The statistics job's clock: once a second, one {@link SaleTick} per sale in the {@code sales} map. One
 * instance runs in the cluster (a non-distributed source); it keeps no state worth a snapshot, since a lost
 * or repeated tick only publishes figures a second later or once more.
 */
final class SaleTicker {

  private static final long EVERY_MILLIS = 1_000;

  private final HazelcastInstance member;
  private long lastTick;

  private SaleTicker(HazelcastInstance member) {
    this.member = member;
  }

  static StreamSource<SaleInput> source() {
    return SourceBuilder.stream("sale ticks", context -> new SaleTicker(context.hazelcastInstance()))
        .<SaleInput>fillBufferFn(SaleTicker::fill)
        .build();
  }

  private void fill(SourceBuilder.SourceBuffer<SaleInput> buffer) {
    long now = System.currentTimeMillis();
    if (now - lastTick < EVERY_MILLIS) {
      return;
    }
    lastTick = now;
    for (String saleId : member.<String, Object>getMap(MapNames.SALES).keySet()) {
      buffer.add(new SaleTick(saleId, now));
    }
  }
}
