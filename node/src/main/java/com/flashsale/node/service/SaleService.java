package com.flashsale.node.service;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.domain.Stock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sales and their live stock: what operators create and end, and what shoppers browse. */
public interface SaleService {

  /** Creates the sale and its ledgers; false when a sale with that id exists (nothing is changed then). */
  boolean create(Sale sale);

  Optional<Sale> find(String saleId);

  List<Sale> all();

  /** Ends the sale now (no more orders); empty when there is no such sale. */
  Optional<Sale> end(String saleId);

  /** The live stock of every product of the sale, by product id. */
  Map<String, Stock> stockOf(Sale sale);

  /** The live stock of one product: the cheap call a product page polls. */
  Optional<Stock> stockOf(String saleId, String productId);
}
