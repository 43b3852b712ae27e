package com.flashsale.node.service;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sales and their live stock: what operators create and end, and what shoppers browse. */
public interface SaleService {

  /**
   * Creates the sale and its ledgers so that no crash can leave it half made: the ledgers are written first and
   * the sale, which makes them visible, last. Repeating the same create completes one that was cut short.
   */
  Creation create(Sale sale);

  /** How a create ended. */
  enum Creation {
    /** This call made the sale complete (201). */
    CREATED,
    /** The same sale was already complete; nothing changed (200). */
    ALREADY_EXISTS,
    /** Another sale has this id; nothing changed (409). */
    CONFLICTS
  }

  Optional<Sale> find(String saleId);

  List<Sale> all();

  /** Ends the sale now (no more orders); empty when there is no such sale. */
  Optional<Sale> end(String saleId);

  /** The live stock of every product of the sale, by product id. */
  Map<String, Stock> stockOf(Sale sale);

  /** The live stock of one product: the cheap call a product page polls. */
  Optional<Stock> stockOf(String saleId, String productId);
}
