package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.member.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapStoreConfig;
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
      assertThat(store.getWriteDelaySeconds()).as(map).isPositive();
      assertThat(store.getInitialLoadMode()).as(map).isEqualTo(MapStoreConfig.InitialLoadMode.EAGER);
      assertThat(DatabaseSettings.from(store.getProperties()))
          .isEqualTo(new DatabaseSettings("jdbc:postgresql://db.example:5432/shop", "shop", "secret", "public", 8, 3000));
    }
    assertThat(member.getMapConfig(MapNames.ORDERS).getMapStoreConfig().getClassName())
        .isEqualTo(OrderStore.class.getName());
  }
}
