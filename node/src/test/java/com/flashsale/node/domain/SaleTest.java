package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.testing.TestSales;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaleTest {

  private static final Instant STARTS = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant ENDS = Instant.parse("2026-11-21T12:00:00Z");

  private final Sale sale = Sale.create("s1", "Black Friday", STARTS, ENDS, 2, 300,
      List.of(TestSales.product("b", 5), TestSales.product("a", 7), TestSales.product("c", 1)));

  @Test
  void a_sale_is_upcoming_before_it_starts() {
    assertThat(sale.statusAt(STARTS.minusMillis(1))).isEqualTo(SaleStatus.UPCOMING);
  }

  @Test
  void a_sale_is_active_from_its_start_until_just_before_its_end() {
    assertThat(sale.statusAt(STARTS)).isEqualTo(SaleStatus.ACTIVE);
    assertThat(sale.statusAt(ENDS.minusMillis(1))).isEqualTo(SaleStatus.ACTIVE);
  }

  @Test
  void a_sale_is_ended_from_its_end_on() {
    assertThat(sale.statusAt(ENDS)).isEqualTo(SaleStatus.ENDED);
    assertThat(sale.statusAt(ENDS.plusSeconds(3600))).isEqualTo(SaleStatus.ENDED);
  }

  @Test
  void an_operator_ending_an_active_sale_ends_it_from_that_instant() {
    Instant operatorEnd = STARTS.plusSeconds(600);

    Sale ended = sale.endedAt(operatorEnd);

    assertThat(ended.endedAt()).isEqualTo(operatorEnd);
    assertThat(ended.closesAt()).isEqualTo(operatorEnd);
    assertThat(ended.statusAt(operatorEnd)).isEqualTo(SaleStatus.ENDED);
    assertThat(ended.statusAt(operatorEnd.minusMillis(1))).isEqualTo(SaleStatus.ACTIVE);
    assertThat(ended.version()).isEqualTo(sale.version() + 1);
  }

  @Test
  void an_operator_can_end_an_upcoming_sale_so_that_it_never_opens() {
    Sale ended = sale.endedAt(STARTS.minusSeconds(60));

    assertThat(ended.statusAt(STARTS.plusSeconds(1))).isEqualTo(SaleStatus.ENDED);
  }

  @Test
  void ending_an_ended_sale_changes_nothing() {
    Sale ended = sale.endedAt(STARTS.plusSeconds(600));

    assertThat(ended.endedAt(STARTS.plusSeconds(900))).isSameAs(ended);
    assertThat(sale.endedAt(ENDS)).isSameAs(sale);
    assertThat(sale.endedAt(ENDS.plusSeconds(1))).isSameAs(sale);
  }

  @Test
  void products_keep_the_order_the_operator_listed_them_in() {
    assertThat(sale.products().keySet()).containsExactly("b", "a", "c");
    assertThat(sale.product("a")).map(Product::stock).contains(7);
    assertThat(sale.product("zz")).isEmpty();
  }

  @Test
  void client_ids_follow_the_contracts_alphabet_and_length() {
    assertThat(Ids.isValid("user-1.a:b_C")).isTrue();
    assertThat(Ids.isValid("x".repeat(64))).isTrue();
    assertThat(Ids.isValid("x".repeat(65))).isFalse();
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid("a/b")).isFalse();
    assertThat(Ids.isValid(null)).isFalse();
  }

  @Test
  void a_client_id_may_hold_exactly_the_contracts_characters() {
    java.util.regex.Pattern contract = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]");
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String id = "a" + c + "z";
      assertThat(Ids.isValid(id)).as("U+%04X", (int) c).isEqualTo(contract.matcher(String.valueOf(c)).matches());
    }
  }
}
