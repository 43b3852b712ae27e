package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

  private final TestDatabase testDatabase = new TestDatabase();

  @AfterEach
  void dropSchema() throws SQLException {
    testDatabase.close();
  }

  @Test
  void opening_the_database_migrates_an_empty_schema_to_every_table() {
    try (Database ignored = testDatabase.open()) {
      assertThat(testDatabase.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
          testDatabase.schema))
          .extracting(row -> row.get("table_name"))
          .contains("sales", "sale_products", "stock", "holdings", "orders", "idempotency_keys");
      assertThat(testDatabase.rows("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"))
          .containsExactly(Map.of("version", "1", "success", true));
    }
  }

  @Test
  void opening_an_up_to_date_schema_again_applies_nothing() {
    testDatabase.open().close();
    testDatabase.open().close();

    assertThat(testDatabase.rows("SELECT count(*) AS migrations FROM flyway_schema_history WHERE version IS NOT NULL"))
        .containsExactly(Map.of("migrations", 1L));
  }

  @Test
  void the_schema_refuses_stock_that_does_not_add_up() {
    testDatabase.open().close();

    assertThatThrownBy(() -> testDatabase.execute("""
        INSERT INTO stock (sale_id, product_id, total, available, held, confirmed, holds, opens_at, closes_at, version)
        VALUES ('s', 'p', 10, 8, 0, 1, '[]', now(), now(), 1)"""))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("stock_never_oversold");
  }

  @Test
  void the_schema_refuses_a_held_figure_that_is_not_the_sum_of_the_holds() {
    testDatabase.open().close();

    assertThatThrownBy(() -> testDatabase.execute("""
        INSERT INTO stock (sale_id, product_id, total, available, held, confirmed, holds, opens_at, closes_at, version)
        VALUES ('s', 'p', 10, 7, 3, 0, '[{"orderId": 1, "userId": "u", "units": 2, "deadline": 0}]', now(), now(), 1)"""))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("stock_held_is_sum_of_holds");
  }

  @Test
  void the_schema_refuses_negative_availability_and_unknown_statuses() {
    testDatabase.open().close();

    assertThatThrownBy(() -> testDatabase.execute("""
        INSERT INTO stock (sale_id, product_id, total, available, held, confirmed, holds, opens_at, closes_at, version)
        VALUES ('s', 'p', 0, -1, 0, 1, '[]', now(), now(), 1)""")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> testDatabase.execute("""
        INSERT INTO orders (order_id, quantity, status, created_at, updated_at, version)
        VALUES (1, 0, 'SHIPPED', now(), now(), 1)""")).isInstanceOf(SQLException.class);
  }

  @Test
  void a_void_tombstone_needs_no_sale_product_user_or_price() throws SQLException {
    testDatabase.open().close();

    assertThat(testDatabase.execute("""
        INSERT INTO orders (order_id, quantity, status, created_at, updated_at, version)
        VALUES (1, 0, 'VOIDED', now(), now(), 1)""")).isEqualTo(1);
  }
}
