package com.flashsale.node.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import org.junit.jupiter.api.Test;

/** The operator's file names the merge policy of every map a split can damage; the rest keep this cluster's copy. */
class MergePolicyConfigTest {

  private final Config config = GridConfig.base(Settings.defaults());

  private String policyOf(String map) {
    return config.getMapConfig(map).getMergePolicyConfig().getPolicy();
  }

  @Test
  void ledgers_merge_by_the_rule_that_cannot_resurrect_sold_units() {
    assertThat(policyOf(MapNames.LEDGERS)).isEqualTo(LedgerMergePolicy.class.getName());
  }

  @Test
  void the_operators_file_configures_no_orders_map_beside_the_ledgers_that_hold_every_order() {
    assertThat(config.getMapConfigs()).containsKey(MapNames.LEDGERS).doesNotContainKey("orders");
  }

  @Test
  void the_ledgers_map_keeps_objects_and_has_no_index_so_no_entry_processor_clones_a_ledger() {
    // With an index on an OBJECT map, Hazelcast serializes and deserializes the value before every entry
    // processor (MapContainer.shouldCloneOnEntryProcessing): O(orders of the product) per placement.
    assertThat(config.getMapConfig(MapNames.LEDGERS).getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
    assertThat(config.getMapConfig(MapNames.LEDGERS).getIndexConfigs()).isEmpty();
  }

  @Test
  void a_sale_ended_on_either_side_stays_ended() {
    assertThat(policyOf(MapNames.SALES)).isEqualTo(SaleMergePolicy.class.getName());
  }

  @Test
  void idempotency_keys_keep_this_clusters_copy() {
    assertThat(policyOf(MapNames.IDEMPOTENCY)).isEqualTo(PutIfAbsentMergePolicy.class.getName());
  }
}
