package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.IdempotencyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration RETENTION = Duration.ofHours(25);
  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static IdempotencyStore store;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    store = new IdempotencyStore(database, RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  private static IdempotencyRecord claim(long orderId, Duration ago) {
    return new IdempotencyRecord("hash-" + orderId, orderId, NOW.minus(ago).toEpochMilli());
  }

  @Test
  void claims_load_back_equal() {
    Map<String, IdempotencyRecord> claims = Map.of("key-a", claim(1, Duration.ofMinutes(1)),
        "key-b", claim(2, Duration.ofHours(23)));

    store.storeAll(claims);

    assertThat(store.loadAll(List.of("key-a", "key-b", "key-none"))).isEqualTo(claims);
    assertThat(store.loadAllKeys()).contains("key-a", "key-b");
  }

  @Test
  void the_first_claim_stands_against_a_replay_and_a_later_claim_replaces_an_expired_one() {
    IdempotencyRecord expired = claim(10, Duration.ofHours(26));
    IdempotencyRecord current = claim(11, Duration.ofMinutes(5));

    store.store("key-reused", current);
    store.store("key-reused", expired);
    assertThat(TEST_DATABASE.rows("SELECT order_id FROM idempotency_keys WHERE idempotency_key = 'key-reused'"))
        .containsExactly(Map.of("order_id", 11L));
  }

  @Test
  void a_rejected_placement_letting_go_of_its_order_reaches_the_table_and_a_retry_replaces_it() {
    IdempotencyRecord first = claim(30, Duration.ofMinutes(10));
    IdempotencyRecord rejected = first.withoutOrder();
    IdempotencyRecord retried = new IdempotencyRecord(first.requestHash(), 31, NOW.minus(Duration.ofMinutes(9)).toEpochMilli());

    store.store("key-retried", first);
    store.store("key-retried", rejected);
    assertThat(store.load("key-retried")).isEqualTo(rejected);

    store.store("key-retried", retried);
    store.store("key-retried", rejected);
    store.store("key-retried", first);
    assertThat(store.load("key-retried")).isEqualTo(retried);
  }

  @Test
  void claims_older_than_the_time_to_live_are_neither_loaded_nor_kept() throws Exception {
    IdempotencyRecord young = claim(21, Duration.ofHours(24));
    store.store("key-young", young);
    TEST_DATABASE.execute("INSERT INTO idempotency_keys VALUES ('key-old', 'hash-20', 20, '"
        + NOW.minus(Duration.ofHours(26)) + "')");

    assertThat(store.load("key-old")).isNull();
    assertThat(store.loadAllKeys()).contains("key-young").doesNotContain("key-old");

    assertThat(store.purge()).isEqualTo(1);
    assertThat(TEST_DATABASE.rows("SELECT idempotency_key FROM idempotency_keys WHERE idempotency_key = 'key-old'"))
        .isEmpty();
    assertThat(store.load("key-young")).isEqualTo(young);
  }
}
