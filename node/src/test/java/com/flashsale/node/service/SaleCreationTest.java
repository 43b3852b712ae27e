package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Placement;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.InSales;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.service.SaleService.Creation;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.TestSales;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sale is created whole or not at all, whatever crashes, and repeating a create is safe. */
class SaleCreationTest {

  private FlashSaleCluster cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void repeating_the_same_create_answers_already_exists_and_another_sale_under_the_id_conflicts() {
    cluster = FlashSaleCluster.start(1, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    SaleService sales = cluster.node(0).sales();
    Sale sale = TestSales.activeSale("again", 1, 300, TestSales.products(3, 5));

    assertThat(sales.create(sale)).isEqualTo(Creation.CREATED);
    assertThat(sales.create(sale)).isEqualTo(Creation.ALREADY_EXISTS);
    assertThat(sales.create(sale.withChallenge(true))).isEqualTo(Creation.CONFLICTS);
    assertThat(sales.create(TestSales.activeSale("again", 1, 300, TestSales.products(3, 6))))
        .isEqualTo(Creation.CONFLICTS);
    assertThat(sales.find("again")).get().matches(standing -> standing.sameDefinitionAs(sale));
  }

  @Test
  void a_large_sale_s_stock_is_read_by_a_scan_and_equals_what_its_ledgers_hold() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    SaleService sales = cluster.node(0).sales();
    Sale large = TestSales.activeSale("large", 1, 300, TestSales.products(InSales.SCAN_ABOVE_PRODUCTS + 36, 5));
    sales.create(large);
    sales.create(TestSales.activeSale("small", 1, 300, TestSales.products(3, 7)));
    cluster.node(1).orders().place(new PlaceOrderRequest("large", "p17", "alice", 1), null);

    Map<String, Stock> stock = cluster.node(1).sales().stockOf(large);

    assertThat(stock).hasSize(InSales.SCAN_ABOVE_PRODUCTS + 36);
    assertThat(stock.get("p17").available()).isEqualTo(4);
    assertThat(stock.get("p17").pending()).isEqualTo(1);
    assertThat(stock.values()).filteredOn(figures -> figures.available() == 5).hasSize(InSales.SCAN_ABOVE_PRODUCTS + 35);
  }

  @Test
  void a_repeat_after_the_operator_ended_the_sale_still_finds_the_same_sale_and_changes_nothing() {
    cluster = FlashSaleCluster.start(1, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    SaleService sales = cluster.node(0).sales();
    Sale sale = TestSales.activeSale("ended", 1, 300, TestSales.products(1, 5));
    sales.create(sale);
    Sale ended = sales.end("ended").orElseThrow();

    assertThat(sales.create(sale)).isEqualTo(Creation.ALREADY_EXISTS);
    assertThat(sales.find("ended")).contains(ended);
  }

  @Test
  void ledgers_left_by_a_create_that_never_wrote_its_sale_are_invisible_and_the_repeat_completes_the_sale() {
    cluster = FlashSaleCluster.start(1, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    Grid grid = cluster.grid();
    Sale sale = TestSales.activeSale("half", 1, 300, TestSales.products(2, 5));
    // What a crash right after the ledgers were written leaves: ledgers, one of them of another definition.
    grid.ledgers().set(new ProductKey("half", "p0"), Ledger.initial("half", 99, sale.startsAt(), sale.closesAt()));
    Placement meanwhile = cluster.node(0).orders().place(new PlaceOrderRequest("half", "p0", "u1", 1), null);

    Creation repeat = cluster.node(0).sales().create(sale);

    assertThat(meanwhile.outcome()).as("no sale, no sale of its ledgers").isEqualTo(Placement.Outcome.SALE_NOT_FOUND);
    assertThat(repeat).isEqualTo(Creation.CREATED);
    assertThat(grid.ledgers().get(new ProductKey("half", "p0")).total()).as("the sale's own stock").isEqualTo(5);
    assertThat(grid.ledgers().get(new ProductKey("half", "p1")).total()).isEqualTo(5);
  }

  @Test
  void a_member_killed_while_creating_a_sale_of_20000_products_leaves_it_absent_complete_or_completable() {
    cluster = FlashSaleCluster.start(2, Clock.systemUTC(), FlashSaleCluster.MANUAL_SWEEP);
    Sale sale = TestSales.activeSale("big", 1, 300, TestSales.products(20_000, 3));
    FlashSaleNode creator = cluster.node(0);
    CompletableFuture<Creation> creating = CompletableFuture.supplyAsync(() -> creator.sales().create(sale));
    HazelcastInstance survivor = cluster.node(1).instance();
    await().atMost(Duration.ofSeconds(60)).until(() -> Grid.of(survivor).ledgers().size() >= 2_000);

    cluster.terminate(0);
    creating.handle((created, failed) -> null).join();
    SaleService sales = cluster.node(1).sales();
    Grid grid = Grid.of(survivor);
    Set<ProductKey> keys = sale.productKeys();
    boolean visible = sales.find("big").isPresent();

    if (visible) {
      assertThat(grid.ledgers().keySet().containsAll(keys)).as("a visible sale has every ledger").isTrue();
    }
    Creation repeat = sales.create(sale);
    assertThat(repeat).as("the repeat after the crash (the sale was %s)", visible ? "visible" : "absent")
        .isIn(visible ? List.of(Creation.ALREADY_EXISTS, Creation.CREATED) : List.of(Creation.CREATED));
    assertThat(grid.ledgers().keySet()).containsAll(keys);
    assertThat(cluster.node(1).orders().place(new PlaceOrderRequest("big", "p19999", "u1", 1), null).outcome())
        .isEqualTo(Placement.Outcome.CREATED);
  }
}
