package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Holding;
import com.flashsale.node.domain.HoldingKey;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reconciler's side of "nothing confirmed is lost": rows write-behind dropped are written again. */
class RepersistTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static Repersist repersist;
  private static OrderStore orders;
  private static StockStore stock;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    repersist = new Repersist(database);
    orders = new OrderStore(database, true);
    stock = new StockStore(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void orders_missing_or_behind_in_postgresql_are_written_again_and_current_ones_are_left_alone() {
    Order current = Samples.confirmed(1, "u-1");
    Order behind = Samples.confirmed(2, "u-1");
    Order missing = Samples.cancelled(3, "u-2");
    orders.storeAll(Map.of(1L, current, 2L, Samples.pending(2, "u-1")));

    RepersistResult result = repersist.orders(List.of(current, behind, missing));

    assertThat(result).isEqualTo(new RepersistResult("orders", 3, 1, 1));
    assertThat(orders.loadAll(List.of(1L, 2L, 3L))).isEqualTo(Map.of(1L, current, 2L, behind, 3L, missing));
  }

  @Test
  void a_pass_with_an_older_grid_value_never_puts_an_older_state_back() {
    Order paid = Samples.confirmed(10, "u-3");
    orders.store(10L, paid);

    RepersistResult result = repersist.orders(List.of(Samples.pending(10, "u-3")));

    assertThat(result.rewritten()).isZero();
    assertThat(orders.load(10L)).isEqualTo(paid);
  }

  @Test
  void the_versions_in_postgresql_show_what_write_behind_has_not_yet_written() {
    orders.storeAll(Map.of(20L, Samples.pending(20, "u-4"), 21L, Samples.confirmed(21, "u-4")));

    assertThat(repersist.orderVersions(List.of(20L, 21L, 22L))).isEqualTo(Map.of(20L, 1L, 21L, 2L));
  }

  @Test
  void stock_behind_in_postgresql_is_written_again() {
    ProductKey product = new ProductKey("s-rep", "p-1");
    Stock persisted = Samples.stock(10).take(30, "u-5", 2, 1000);
    Stock grid = persisted.confirm(30).take(31, "u-6", 1, 2000);
    stock.store(product, persisted);

    RepersistResult result = repersist.stock(Map.of(product, grid, new ProductKey("s-rep", "p-2"), Samples.stock(4)));

    assertThat(result).isEqualTo(new RepersistResult("stock", 2, 1, 1));
    assertThat(stock.load(product)).isEqualTo(grid);
    assertThat(repersist.stockVersions(List.of(product))).containsEntry(product, grid.version());
  }

  @Test
  void a_new_life_of_a_holding_is_written_again_over_a_row_of_the_old_one() {
    HoldingKey key = new HoldingKey("s-rep", "p-1", "u-7");
    HoldingStore holdings = new HoldingStore(database, true);
    holdings.store(key, Holding.empty().reserve(40, 1, 1_000).reserve(41, 1, 2_000));
    Holding newLife = Holding.empty().reserve(42, 1, 9_000);

    RepersistResult result = repersist.holdings(Map.of(key, newLife));

    assertThat(result.stale()).isEqualTo(1);
    assertThat(holdings.load(key)).isEqualTo(newLife);
  }

  @Test
  void large_passes_run_in_chunks() {
    List<Order> many = LongStream.range(1000, 1000 + Repersist.CHUNK * 2L + 17)
        .mapToObj(orderId -> Samples.pending(orderId, "u-many"))
        .toList();

    RepersistResult result = repersist.orders(many);

    assertThat(result).isEqualTo(new RepersistResult("orders", many.size(), many.size(), 0));
    assertThat(TEST_DATABASE.rows("SELECT count(*) AS rows FROM orders WHERE user_id = 'u-many'"))
        .containsExactly(Map.of("rows", (long) many.size()));
  }
}
