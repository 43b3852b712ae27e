package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StockStoreTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static StockStore store;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    store = new StockStore(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void stored_stock_loads_back_equal_with_its_holds() {
    ProductKey untouched = new ProductKey("s-trip", "p-1");
    ProductKey sold = new ProductKey("s-trip", "p-2");
    Stock soldStock = Samples.stock(10).take(1, "u-1", 2, 1000).take(2, "u-2", 3, 2000).confirm(1);

    store.storeAll(Map.of(untouched, Samples.stock(5), sold, soldStock));

    assertThat(store.loadAll(List.of(untouched, sold, new ProductKey("s-trip", "absent"))))
        .containsOnly(Map.entry(untouched, Samples.stock(5)), Map.entry(sold, soldStock));
    assertThat(store.loadAllKeys()).contains(untouched, sold);
  }

  @Test
  void replayed_and_reordered_writes_leave_the_newest_stock() {
    ProductKey key = new ProductKey("s-order", "p-1");
    Stock v1 = Samples.stock(10);
    Stock v2 = v1.take(7, "u-1", 2, 1000);
    Stock v3 = v2.confirm(7);

    store.store(key, v3);
    store.storeAll(Map.of(key, v1));
    store.storeAll(Map.of(key, v2));
    store.store(key, v3);

    assertThat(store.load(key)).isEqualTo(v3);
    assertThat(TEST_DATABASE.rows("SELECT available, held, confirmed, version FROM stock WHERE sale_id = 's-order'"))
        .containsExactly(Map.of("available", 8, "held", 0, "confirmed", 2, "version", 3L));
  }

  @Test
  void deleted_stock_is_gone_and_the_rest_stays() {
    ProductKey doomed = new ProductKey("s-delete", "p-1");
    ProductKey kept = new ProductKey("s-delete", "p-2");
    store.storeAll(Map.of(doomed, Samples.stock(1), kept, Samples.stock(2)));

    store.deleteAll(List.of(doomed));

    assertThat(store.loadAll(List.of(doomed, kept))).containsOnlyKeys(kept);
  }

  @Test
  void a_store_without_read_through_answers_absent_without_asking_the_database() {
    ProductKey key = new ProductKey("s-read", "p-1");
    store.store(key, Samples.stock(3));

    StockStore gridLoadedInFull = new StockStore(database, false);

    assertThat(gridLoadedInFull.load(key)).isNull();
    assertThat(gridLoadedInFull.loadAll(List.of(key))).containsEntry(key, Samples.stock(3));
  }
}
