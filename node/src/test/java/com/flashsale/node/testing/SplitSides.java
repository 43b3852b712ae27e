package com.flashsale.node.testing;

import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.merge.StockMergePolicy;
import com.flashsale.node.processors.ReserveAllowance;
import com.flashsale.node.service.Grid;
import java.time.Clock;
import java.util.List;

/**
 * What a split-brain merge leaves in a running grid, without a split: orders the other side sold (the merge of
 * orders and holdings brings them over as they were) and the fenced stock of {@link StockMergePolicy}. For tests
 * of what comes after the merge; the split itself is {@code SplitBrainTest}'s.
 */
public final class SplitSides {

  private SplitSides() {}

  /** A CONFIRMED order of {@code userId} the other side sold, with its allowance, now in this grid. */
  public static Order soldElsewhere(Grid grid, Sale sale, String productId, String userId, int quantity, Clock clock) {
    Order order = Order.placed(grid.orderIds().newId(), sale, sale.product(productId).orElseThrow(), userId, quantity,
        clock.instant()).confirmed("paid-elsewhere", clock.instant());
    grid.orders().set(order.orderId(), order);
    grid.holdings().executeOnKey(order.holdingKey(),
        new ReserveAllowance(order.orderId(), quantity, Integer.MAX_VALUE, clock.millis()));
    return order;
  }

  /** The product's stock as the other side has it if, from the sale's start, it sold exactly {@code orders}. */
  public static Stock stockThatSold(Stock here, List<Order> orders) {
    Stock there = new Stock(here.total(), here.total(), 0, List.of(), here.opensAt(), here.closesAt(), 1);
    for (Order order : orders) {
      there = there.take(order.orderId(), order.userId(), order.quantity(), 0).confirm(order.orderId());
    }
    return there;
  }

  /** Merges the product's stock with the other side's {@code there}, as the stock map's merge policy does. */
  public static Stock mergeStock(Grid grid, ProductKey product, Stock there) {
    Stock merged = StockMergePolicy.merge(grid.stock().get(product), there);
    grid.stock().set(product, merged);
    return merged;
  }
}
