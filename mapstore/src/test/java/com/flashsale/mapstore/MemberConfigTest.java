package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.map.MapStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code config/hazelcast.yaml} and {@code PersistenceConfig} together configure the stores. */
class MemberConfigTest {

  private static final Settings SETTINGS = Settings.fromEnvironment(Map.of(
      "FLASHSALE_DB_URL", "jdbc:postgresql://db.example:5432/shop", "FLASHSALE_DB_USER", "shop",
      "FLASHSALE_DB_PASSWORD", "secret"));

  @Test
  void the_operators_file_names_a_store_for_every_persisted_map_but_leaves_it_off_for_bare_test_members() {
    Config base = GridConfig.base(SETTINGS);

    for (String map : Persistence.PERSISTED_MAPS) {
      MapStoreConfig store = base.getMapConfig(map).getMapStoreConfig();
      assertThat(store.isEnabled()).as(map).isFalse();
      assertThat(store.getClassName()).as(map).startsWith("com.flashsale.mapstore.");
    }
  }

  @Test
  void a_member_persists_every_map_to_the_environments_database_with_write_behind() {
    Config member = GridConfig.member(SETTINGS);

    for (String map : Persistence.PERSISTED_MAPS) {
      MapStoreConfig store = member.getMapConfig(map).getMapStoreConfig();
      assertThat(store.isEnabled()).as(map).isTrue();
      assertThat(store.getInitialLoadMode()).as(map).isEqualTo(MapStoreConfig.InitialLoadMode.EAGER);
      assertThat(DatabaseSettings.from(store.getProperties()))
          .isEqualTo(new DatabaseSettings("jdbc:postgresql://db.example:5432/shop", "shop", "secret", "public", 8, 3000));
    }
    for (String written : List.of(MapNames.SALES, MapNames.LEDGERS)) {
      assertThat(member.getMapConfig(written).getMapStoreConfig().getWriteDelaySeconds()).as(written).isPositive();
    }
    assertThat(member.getMapConfig(MapNames.LEDGERS).getMapStoreConfig().getClassName())
        .isEqualTo(LedgerStore.class.getName());
  }

  @Test
  void the_idempotency_keys_are_only_loaded_never_written_on_their_own() {
    Config member = GridConfig.member(SETTINGS);

    assertThat(member.getMapConfig(MapNames.IDEMPOTENCY).getMapStoreConfig().getClassName())
        .isEqualTo(IdempotencyLoader.class.getName());
    // A loader, not a store: Hazelcast never calls store or delete on it.
    assertThat(MapStore.class.isAssignableFrom(IdempotencyLoader.class)).as("IdempotencyLoader is a MapStore").isFalse();
  }

  @Test
  void no_map_but_the_persisted_ones_has_a_store_so_orders_reach_postgresql_and_come_back_only_in_their_ledger() {
    Config member = GridConfig.member(SETTINGS);

    assertThat(member.getMapConfigs().values().stream().filter(map -> map.getMapStoreConfig().isEnabled())
        .map(MapConfig::getName)).containsExactlyInAnyOrderElementsOf(Persistence.PERSISTED_MAPS);
  }
}
