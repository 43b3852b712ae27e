package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.IdempotencyRecord;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The idempotency map's loader: a key lives in the row of the order it created, and loads while the order is
 * younger than the map's 25 hours. Ages are relative to PostgreSQL's clock, so the orders here are placed
 * relative to now.
 */
class IdempotencyLoaderTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static LedgerStore ledgers;
  private static IdempotencyLoader loader;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    ledgers = new LedgerStore(database, true);
    loader = new IdempotencyLoader(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void loads_the_key_of_each_order_the_ledger_store_wrote_with_one() {
    ProductKey kettle = new ProductKey("keys", "p-2");
    Ledger ledger = Samples.place(Samples.ledger(kettle, 10), kettle, 1, "u-1", 1, NOW.minusSeconds(60), "key-a");
    ledger = Samples.place(ledger, kettle, 2, "u-2", 1, NOW.minusSeconds(30), null);
    ledger = Samples.pay(Samples.place(ledger, kettle, 3, "u-3", 2, NOW.minusSeconds(10), "key-c"), 3);
    ledgers.store(kettle, ledger);

    Map<String, IdempotencyRecord> loaded = loader.loadAll(List.of("key-a", "key-c", "key-none"));

    assertThat(loaded).isEqualTo(Map.of(
        "key-a", new IdempotencyRecord("hash-key-a", 1, NOW.minusSeconds(60).toEpochMilli()),
        "key-c", new IdempotencyRecord("hash-key-c", 3, NOW.minusSeconds(10).toEpochMilli())));
    assertThat(loader.loadAllKeys()).contains("key-a", "key-c").doesNotContainNull();
  }

  @Test
  void keys_of_orders_older_than_25_hours_are_not_loaded() {
    ProductKey toaster = new ProductKey("ages", "p-1");
    Ledger ledger = Samples.place(Samples.ledger(toaster, 5), toaster, 11, "u-1", 1, NOW.minus(Duration.ofHours(24)),
        "key-young");
    ledger = Samples.place(ledger, toaster, 12, "u-2", 1, NOW.minus(Duration.ofHours(26)), "key-old");
    ledgers.store(toaster, ledger);

    assertThat(loader.load("key-young")).isNotNull();
    assertThat(loader.load("key-old")).isNull();
    assertThat(loader.loadAllKeys()).contains("key-young").doesNotContain("key-old");
  }

  @Test
  void a_key_bound_on_both_sides_of_a_split_loads_as_its_earliest_order() {
    ProductKey mug = new ProductKey("split", "p-3");
    Ledger ledger = Samples.place(Samples.ledger(mug, 5), mug, 22, "u-1", 1, NOW.minusSeconds(5), "key-twice");
    ledger = Samples.place(ledger, mug, 21, "u-1", 1, NOW.minusSeconds(9), "key-twice");
    ledgers.store(mug, ledger);

    assertThat(loader.load("key-twice")).extracting(IdempotencyRecord::orderId).isEqualTo(21L);
    assertThat(loader.loadAllKeys()).containsOnlyOnce("key-twice");
  }

  @Test
  void retired_voided_rows_never_load_their_key() throws SQLException {
    TEST_DATABASE.execute("""
        INSERT INTO orders (order_id, quantity, status, created_at, updated_at, version, idempotency_key, request_hash)
        VALUES (31, 0, 'VOIDED', now(), now(), 1, 'key-voided', 'hash')""");

    assertThat(loader.load("key-voided")).isNull();
    assertThat(loader.loadAllKeys()).doesNotContain("key-voided");
  }
}
