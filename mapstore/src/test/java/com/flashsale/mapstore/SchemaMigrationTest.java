package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Flyway makes of an empty schema: one schema migrated once for the class (a migration takes seconds). */
class SchemaMigrationTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();

  @BeforeAll
  static void migrate() {
    TEST_DATABASE.open().close();
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    TEST_DATABASE.close();
  }

  @Test
  void opening_the_database_migrates_an_empty_schema_to_the_ledger_model() {
    assertThat(TEST_DATABASE.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
        TEST_DATABASE.schema))
        .extracting(row -> row.get("table_name"))
        .contains("sales", "sale_products", "stock", "orders", "tickets")
        .doesNotContain("holdings", "idempotency_keys");
    assertThat(TEST_DATABASE.rows(
        "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"))
        .containsExactly(Map.of("version", "1", "success", true), Map.of("version", "2", "success", true),
            Map.of("version", "3", "success", true), Map.of("version", "4", "success", true),
            Map.of("version", "5", "success", true));
  }

  @Test
  void the_stock_row_keeps_its_figures_without_holds_and_orders_carry_their_idempotency_key() {
    assertThat(columnsOf("stock")).contains("total", "available", "held", "confirmed", "version")
        .doesNotContain("holds");
    assertThat(columnsOf("orders")).contains("idempotency_key", "request_hash", "version");
    assertThat(columnsOf("sales")).as("the challenge requirement is stored with the sale").contains("require_challenge");
    assertThat(columnsOf("sales")).as("so is the waiting room").contains("room_admit_per_second", "room_admission_seconds");
    assertThat(columnsOf("stock")).as("and with each product's row").contains("room_admit_per_second");
    assertThat(TEST_DATABASE.rows("SELECT proname FROM pg_proc JOIN pg_namespace ON pronamespace = pg_namespace.oid"
        + " WHERE nspname = ? AND proname = 'units_in'", TEST_DATABASE.schema)).isEmpty();
  }

  @Test
  void orders_are_indexed_by_what_reads_them_their_id_their_product_and_their_idempotency_key() {
    assertThat(TEST_DATABASE.rows("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = 'orders'",
        TEST_DATABASE.schema))
        .extracting(row -> row.get("indexname"))
        .containsExactlyInAnyOrder("orders_pkey", "orders_by_product", "orders_by_idempotency_key");
  }

  @Test
  void opening_an_up_to_date_schema_again_applies_nothing() {
    assertThat(TEST_DATABASE.rows("SELECT count(*) AS migrations FROM flyway_schema_history WHERE version IS NOT NULL"))
        .containsExactly(Map.of("migrations", 5L));
  }

  @Test
  void the_schema_refuses_stock_that_does_not_add_up() {
    assertThatThrownBy(() -> TEST_DATABASE.execute("""
        INSERT INTO stock (sale_id, product_id, total, available, held, confirmed, opens_at, closes_at, version)
        VALUES ('s', 'p', 10, 8, 0, 1, now(), now(), 1)"""))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("stock_never_oversold");
  }

  @Test
  void the_schema_refuses_negative_availability_and_unknown_statuses() {
    assertThatThrownBy(() -> TEST_DATABASE.execute("""
        INSERT INTO stock (sale_id, product_id, total, available, held, confirmed, opens_at, closes_at, version)
        VALUES ('s', 'p', 0, -1, 0, 1, now(), now(), 1)""")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> TEST_DATABASE.execute("""
        INSERT INTO orders (order_id, quantity, status, created_at, updated_at, version)
        VALUES (1, 0, 'SHIPPED', now(), now(), 1)""")).isInstanceOf(SQLException.class);
  }

  @Test
  void the_schema_refuses_an_idempotency_key_without_its_request_hash() {
    assertThatThrownBy(() -> TEST_DATABASE.execute("""
        INSERT INTO orders (order_id, sale_id, product_id, user_id, quantity, unit_price, currency, status,
                            created_at, updated_at, expires_at, version, idempotency_key)
        VALUES (1, 's', 'p', 'u', 1, 1, 'EUR', 'PENDING', now(), now(), now(), 1, 'key')"""))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("orders_key_has_hash");
  }

  @Test
  void a_retired_void_tombstone_of_schema_v1_still_fits_the_orders_table() throws SQLException {
    assertThat(TEST_DATABASE.execute("""
        INSERT INTO orders (order_id, quantity, status, created_at, updated_at, version)
        VALUES (1, 0, 'VOIDED', now(), now(), 1)""")).isEqualTo(1);
  }

  private static List<Object> columnsOf(String table) {
    return TEST_DATABASE.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
        TEST_DATABASE.schema, table).stream().map(row -> row.get("column_name")).toList();
  }
}
