package com.flashsale.node.service;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.EndSale;
import com.flashsale.node.processors.OpenLedger;
import com.flashsale.node.processors.InSales;
import com.flashsale.node.processors.ReadStock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Sales in the {@code sales} map (near-cached on every member) and one {@link Ledger} per product. A sale is
 * written after all its ledgers, so whoever sees the sale finds every ledger: a crash in the middle of a create
 * leaves at most ledgers nobody can reach (placements look the sale up first), and repeating the create
 * completes it. Ending a sale closes the window in the sale and in every ledger, where placements check it.
 */
public final class HazelcastSaleService implements SaleService {

  private final Grid grid;
  private final Clock clock;

  public HazelcastSaleService(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
  }

  @Override
  public Creation create(Sale sale) {
    Sale standing = grid.sales().get(sale.saleId());
    if (standing != null) {
      if (!standing.sameDefinitionAs(sale)) {
        return Creation.CONFLICTS;
      }
      // A sale written before its ledgers (older members did) is completed by the same create.
      return openLedgers(standing) > 0 ? Creation.CREATED : Creation.ALREADY_EXISTS;
    }
    openLedgers(sale);
    Sale won = grid.sales().putIfAbsent(sale.saleId(), sale);
    if (won == null) {
      return Creation.CREATED;
    }
    return won.sameDefinitionAs(sale) ? Creation.ALREADY_EXISTS : Creation.CONFLICTS;
  }

  /**
   * Opens every product's ledger, all at once (a sale of 20,000 products is one round of asynchronous calls);
   * returns how many it wrote. Waits for all, so the sale is written only once every ledger is in place.
   */
  private int openLedgers(Sale sale) {
    List<CompletableFuture<Boolean>> opened = new ArrayList<>();
    for (Product product : sale.products().values()) {
      Ledger initial = Ledger.initial(sale.saleId(), product.stock(), sale.startsAt(), sale.closesAt(),
          sale.waitingRoom());
      opened.add(grid.ledgers().submitToKey(new ProductKey(sale.saleId(), product.productId()), new OpenLedger(initial))
          .toCompletableFuture());
    }
    return (int) opened.stream().filter(CompletableFuture::join).count();
  }

  @Override
  public Optional<Sale> find(String saleId) {
    return Optional.ofNullable(grid.sales().get(saleId));
  }

  @Override
  public List<Sale> all() {
    return grid.sales().values().stream()
        .sorted(Comparator.comparing(Sale::startsAt).thenComparing(Sale::saleId))
        .toList();
  }

  @Override
  public Optional<Sale> end(String saleId) {
    Sale ended = grid.sales().executeOnKey(saleId, new EndSale(clock.millis()));
    if (ended == null) {
      return Optional.empty();
    }
    grid.ledgers().executeOnKeys(ended.productKeys(), new CloseSaleWindow(ended.closesAt().toEpochMilli()));
    return Optional.of(ended);
  }

  @Override
  public Map<String, Stock> stockOf(Sale sale) {
    Map<ProductKey, Stock> stock = sale.products().size() > InSales.SCAN_ABOVE_PRODUCTS
        ? grid.ledgers().executeOnEntries(new ReadStock(), new InSales(Set.of(sale.saleId())))
        : grid.ledgers().executeOnKeys(sale.productKeys(), new ReadStock());
    return stock.entrySet().stream()
        .filter(entry -> entry.getValue() != null)
        .collect(Collectors.toMap(entry -> entry.getKey().productId(), Map.Entry::getValue));
  }

  @Override
  public Optional<Stock> stockOf(String saleId, String productId) {
    return Optional.ofNullable(grid.ledgers().executeOnKey(new ProductKey(saleId, productId), new ReadStock()));
  }
}
