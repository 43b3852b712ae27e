package com.flashsale.node.service;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.EndSale;
import com.flashsale.node.processors.ReadStock;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sales in the {@code sales} map (near-cached on every member) and one {@link Ledger} per product. The
 * sale is written before its ledgers: until a product's ledger exists a placement answers UNAVAILABLE, never
 * sells. Ending a sale closes the window in the sale and in every ledger, where placements check it.
 */
public final class HazelcastSaleService implements SaleService {

  private final Grid grid;
  private final Clock clock;

  public HazelcastSaleService(Grid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
  }

  @Override
  public boolean create(Sale sale) {
    if (grid.sales().putIfAbsent(sale.saleId(), sale) != null) {
      return false;
    }
    Map<ProductKey, Ledger> ledgers = new LinkedHashMap<>();
    sale.products().values().forEach(product -> ledgers.put(new ProductKey(sale.saleId(), product.productId()),
        Ledger.initial(product.stock(), sale.startsAt(), sale.closesAt())));
    // Only the winner of putIfAbsent gets here, and no ledger of this sale id existed before it.
    grid.ledgers().putAll(ledgers);
    return true;
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
    Map<ProductKey, Stock> stock = grid.ledgers().executeOnKeys(sale.productKeys(), new ReadStock());
    return stock.entrySet().stream()
        .filter(entry -> entry.getValue() != null)
        .collect(Collectors.toMap(entry -> entry.getKey().productId(), Map.Entry::getValue));
  }

  @Override
  public Optional<Stock> stockOf(String saleId, String productId) {
    return Optional.ofNullable(grid.ledgers().executeOnKey(new ProductKey(saleId, productId), new ReadStock()));
  }
}
