package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HoldingStoreTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static HoldingStore store;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    store = new HoldingStore(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void stored_holdings_load_back_equal() {
    HoldingKey one = new HoldingKey("s-trip", "p-1", "u-1");
    HoldingKey two = new HoldingKey("s-trip", "p-1", "u-2");
    Holding twoOrders = Holding.empty().reserve(1, 1, 1_000).reserve(2, 1, 2_000);

    store.storeAll(Map.of(one, Holding.empty().reserve(3, 2, 1_500), two, twoOrders));

    assertThat(store.loadAll(List.of(one, two)))
        .containsOnly(Map.entry(one, Holding.empty().reserve(3, 2, 1_500)), Map.entry(two, twoOrders));
    assertThat(store.loadAllKeys()).contains(one, two);
  }

  @Test
  void a_stale_write_of_the_same_holding_leaves_the_newest() {
    HoldingKey key = new HoldingKey("s-stale", "p-1", "u-1");
    Holding v1 = Holding.empty().reserve(1, 1, 1_000);
    Holding v2 = v1.reserve(2, 1, 2_000);
    Holding v3 = v2.release(1);

    store.store(key, v3);
    store.store(key, v1);
    store.store(key, v2);

    assertThat(store.load(key)).isEqualTo(v3);
  }

  @Test
  void a_new_holding_after_the_old_one_emptied_replaces_it_even_if_the_delete_never_landed() {
    HoldingKey key = new HoldingKey("s-life", "p-1", "u-1");
    Holding oldLife = Holding.empty().reserve(1, 1, 1_000).reserve(2, 1, 2_000).release(1);
    Holding newLife = Holding.empty().reserve(3, 2, 5_000);

    store.store(key, oldLife);
    store.store(key, newLife);

    assertThat(store.load(key)).isEqualTo(newLife);
  }

  @Test
  void a_late_write_of_an_older_life_leaves_the_newer_life() {
    HoldingKey key = new HoldingKey("s-late", "p-1", "u-1");
    Holding oldLife = Holding.empty().reserve(1, 1, 1_000).reserve(2, 1, 2_000).release(1);
    Holding newLife = Holding.empty().reserve(3, 2, 5_000);

    store.store(key, newLife);
    store.store(key, oldLife);

    assertThat(store.load(key)).isEqualTo(newLife);
  }

  @Test
  void a_removed_holding_is_deleted_and_a_new_one_starts_again_at_version_one() {
    HoldingKey key = new HoldingKey("s-again", "p-1", "u-1");
    store.store(key, Holding.empty().reserve(1, 1, 1_000).reserve(2, 1, 2_000));

    store.delete(key);
    assertThat(store.load(key)).isNull();

    Holding again = Holding.empty().reserve(4, 1, 9_000);
    store.store(key, again);
    assertThat(store.load(key)).isEqualTo(again);
  }
}
