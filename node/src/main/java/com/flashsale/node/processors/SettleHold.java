package com.flashsale.node.processors;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import java.util.Map;

/**
 * Base of the two ways an order's hold leaves the stock: confirmed for good, or released to available.
 * The hold is found by order id and removed by the same change that moves its units, so settling an
 * order twice, or a retried operation running twice, moves its units once.
 */
public abstract class SettleHold extends MutatingProcessor<ProductKey, Stock, Settled> {

  protected final long orderId;

  protected SettleHold(long orderId) {
    this.orderId = orderId;
  }

  @Override
  protected final Settled apply(Map.Entry<ProductKey, Stock> entry) {
    Stock stock = entry.getValue();
    if (stock == null || stock.hold(orderId).isEmpty()) {
      return Settled.NOTHING_HELD;
    }
    write(entry, settle(stock));
    return Settled.MOVED;
  }

  /** The stock with this order's hold moved where this settlement sends it. */
  protected abstract Stock settle(Stock stock);
}
