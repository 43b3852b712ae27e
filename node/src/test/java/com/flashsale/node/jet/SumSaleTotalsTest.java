package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.Product;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Sale;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SumSaleTotalsTest {

  private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
  private static final Product PHONE = new Product("phone", "Phone", null, new BigDecimal("199.99"), "EUR", 10);
  private static final Product CASE = new Product("case", "Case", null, new BigDecimal("5.50"), "USD", 10);
  private static final Sale S1 = Sale.create("s1", "Sale", T, T.plusSeconds(3600), 3, 300, List.of(PHONE, CASE));
  private static final Sale S2 = Sale.create("s2", "Other", T, T.plusSeconds(3600), 3, 300, List.of(PHONE));

  /** A ledger of the product with one order of each status: pending (2 units), confirmed (1), cancelled (3). */
  private static Ledger ledger(Sale sale, Product product, long firstOrderId) {
    Order pending = Order.placed(firstOrderId, sale, product, "u1", 2, T);
    Order paid = Order.placed(firstOrderId + 1, sale, product, "u2", 1, T);
    Order failed = Order.placed(firstOrderId + 2, sale, product, "u3", 3, T);
    return Ledger.initial(sale.saleId(), 10, T, T.plusSeconds(3600))
        .apply(LedgerChange.of(List.of(pending, paid, failed)))
        .apply(LedgerChange.of(paid.confirmed("pay", T.plusSeconds(1))))
        .apply(LedgerChange.of(failed.cancelled(CancelReason.PAYMENT_FAILED, "pay", T.plusSeconds(2))));
  }

  private static Map.Entry<ProductKey, Ledger> entry(Sale sale, Product product, long firstOrderId) {
    return Map.entry(new ProductKey(sale.saleId(), product.productId()), ledger(sale, product, firstOrderId));
  }

  @Test
  void each_sale_gets_the_sum_of_its_products_ledgers() {
    SumSaleTotals sum = new SumSaleTotals();
    sum.accumulate(entry(S1, PHONE, 1));
    sum.accumulate(entry(S1, CASE, 10));
    sum.accumulate(entry(S2, PHONE, 20));

    Map<String, SaleTotals> totals = sum.aggregate();

    assertThat(totals.get("s1")).isEqualTo(new SaleTotals("s1", 2, 2, 2, 4, 2, 6,
        new TreeMap<>(Map.of("EUR", new BigDecimal("199.99"), "USD", new BigDecimal("5.50")))));
    assertThat(totals.get("s2")).isEqualTo(new SaleTotals("s2", 1, 1, 1, 2, 1, 3,
        new TreeMap<>(Map.of("EUR", new BigDecimal("199.99")))));
  }

  @Test
  void members_partial_sums_combine_to_the_sum_over_all_ledgers() {
    SumSaleTotals whole = new SumSaleTotals();
    SumSaleTotals first = new SumSaleTotals();
    SumSaleTotals second = new SumSaleTotals();
    for (var entry : List.of(entry(S1, PHONE, 1), entry(S2, PHONE, 20))) {
      whole.accumulate(entry);
      first.accumulate(entry);
    }
    for (var entry : List.of(entry(S1, CASE, 10), entry(S1, PHONE, 30))) {
      whole.accumulate(entry);
      second.accumulate(entry);
    }

    first.combine(second);

    assertThat(first.aggregate()).isEqualTo(whole.aggregate());
    assertThat(first.aggregate().get("s1").revenue()).containsEntry("EUR", new BigDecimal("399.98"));
  }

  @Test
  void a_sale_without_ledgers_has_no_totals() {
    assertThat(new SumSaleTotals().aggregate()).isEmpty();
  }
}
