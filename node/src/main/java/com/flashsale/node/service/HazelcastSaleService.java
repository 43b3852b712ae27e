package com.flashsale.node.service;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.processors.CloseSaleWindow;
import com.flashsale.node.processors.EndSale;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Sales in the {@code sales} map (near-cached on every member) and stock in the {@code stock} map.
 * The sale is written before its stock: until the stock exists a placement answers UNAVAILABLE, never
 * sells. Ending a sale closes the window in the sale and in every stock entry, where takes check it.
 */
public final class HazelcastSaleService implements SaleService {

  private final Grid grid;
  private final Clock clock;
  private final Continuations on;

  public HazelcastSaleService(Grid grid, Clock clock, Executor callbacks) {
    this.grid = grid;
    this.clock = clock;
    this.on = Continuations.on(callbacks);
  }

  @Override
  public boolean create(Sale sale) {
    if (grid.sales().putIfAbsent(sale.saleId(), sale) != null) {
      return false;
    }
    Map<ProductKey, Stock> stock = new LinkedHashMap<>();
    sale.products().values().forEach(product -> stock.put(new ProductKey(sale.saleId(), product.productId()),
        Stock.initial(product.stock(), sale.startsAt(), sale.closesAt())));
    // Only the winner of putIfAbsent gets here, and no stock of this sale id existed before it.
    grid.stock().putAll(stock);
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
    grid.stock().executeOnKeys(ended.productKeys(), new CloseSaleWindow(ended.closesAt().toEpochMilli()));
    return Optional.of(ended);
  }

  @Override
  public Map<String, Stock> stockOf(Sale sale) {
    Map<ProductKey, Stock> stock = GridReads.getAll(grid.instance(), grid.stock(), sale.productKeys());
    return stock.entrySet().stream().collect(Collectors.toMap(entry -> entry.getKey().productId(), Map.Entry::getValue));
  }

  @Override
  public CompletionStage<Optional<Stock>> stockOf(String saleId, String productId) {
    return on.of(grid.stock().getAsync(new ProductKey(saleId, productId))).thenApply(Optional::ofNullable);
  }
}
