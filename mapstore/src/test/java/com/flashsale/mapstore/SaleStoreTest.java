package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.WaitingRoom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SaleStoreTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  private static Database database;
  private static SaleStore store;

  @BeforeAll
  static void openDatabase() {
    database = TEST_DATABASE.open();
    store = new SaleStore(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    database.close();
    TEST_DATABASE.close();
  }

  @Test
  void stored_sales_load_back_equal_with_their_products_in_the_operators_order() {
    Sale first = Samples.sale("round-trip-1");
    Sale second = Samples.sale("round-trip-2").endedAt(Samples.NOW);

    store.storeAll(Map.of(first.saleId(), first, second.saleId(), second));

    Map<String, Sale> loaded = store.loadAll(List.of(first.saleId(), second.saleId(), "never-stored"));
    assertThat(loaded).containsOnly(Map.entry(first.saleId(), first), Map.entry(second.saleId(), second));
    assertThat(loaded.get(first.saleId()).products().keySet()).containsExactly("p-2", "p-1", "p-3");
    assertThat(store.loadAllKeys()).contains(first.saleId(), second.saleId());
  }

  @Test
  void a_sales_challenge_requirement_is_stored_with_it_so_it_survives_a_restart_of_the_whole_cluster() {
    Sale challenged = Samples.sale("challenged").withChallenge(true);
    Sale open = Samples.sale("unchallenged");

    store.storeAll(Map.of(challenged.saleId(), challenged, open.saleId(), open));

    assertThat(store.load(challenged.saleId()).requireChallenge()).isTrue();
    assertThat(store.load(open.saleId()).requireChallenge()).isFalse();
  }

  @Test
  void a_sales_waiting_room_is_stored_with_it() {
    Sale roomed = Samples.sale("roomed").withWaitingRoom(new WaitingRoom(25, 45));

    store.store(roomed.saleId(), roomed);

    assertThat(store.load(roomed.saleId())).isEqualTo(roomed);
    assertThat(store.load(roomed.saleId()).waitingRoom()).isEqualTo(new WaitingRoom(25, 45));
  }

  @Test
  void an_older_version_written_after_a_newer_one_leaves_the_newer() {
    Sale created = Samples.sale("reordered");
    Sale ended = created.endedAt(Samples.NOW);

    store.store(ended.saleId(), ended);
    store.store(created.saleId(), created);
    store.store(ended.saleId(), ended);

    assertThat(store.load(ended.saleId())).isEqualTo(ended);
  }

  @Test
  void deleted_sales_are_gone_with_their_products() {
    Sale doomed = Samples.sale("doomed");
    store.store(doomed.saleId(), doomed);

    store.deleteAll(List.of(doomed.saleId()));

    assertThat(store.load(doomed.saleId())).isNull();
    assertThat(TEST_DATABASE.rows("SELECT * FROM sale_products WHERE sale_id = ?", doomed.saleId())).isEmpty();
  }

  @Test
  void an_operator_reads_the_sale_in_plain_columns() {
    Sale sale = Samples.sale("readable");
    store.store(sale.saleId(), sale);

    Map<String, Object> row = TEST_DATABASE.rows(
        "SELECT name, starts_at AT TIME ZONE 'UTC' AS starts, per_user_limit, version FROM sales WHERE sale_id = ?",
        sale.saleId()).get(0);
    assertThat(row).containsEntry("name", "Black Friday readable").containsEntry("per_user_limit", 2)
        .containsEntry("version", 1L);
    assertThat(row.get("starts").toString()).startsWith("2026-11-21 10:00:00");
  }
}
