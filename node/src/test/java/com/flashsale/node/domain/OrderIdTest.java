package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The order id shoppers see, {@code number-shard}: what it says and which texts are one. */
class OrderIdTest {

  private static final ProductKey PRODUCT = new ProductKey("s1", "phone");

  @Test
  void an_orders_id_is_its_number_and_its_products_shard() {
    Order order = Order.placed(42, PRODUCT, "u1", 1, BigDecimal.ONE, "EUR", 300, Instant.EPOCH, null, null);

    OrderId id = OrderId.of(order);

    assertThat(id).isEqualTo(new OrderId(42, PRODUCT.shard()));
    assertThat(id.toString()).isEqualTo("42-" + PRODUCT.shard());
  }

  @Test
  void the_text_of_an_id_parses_back_to_the_same_id() {
    for (OrderId id : new OrderId[] {new OrderId(0, 0), new OrderId(42, 573), new OrderId(Long.MAX_VALUE, 4095)}) {
      assertThat(OrderId.parse(id.toString())).as(id.toString()).contains(id);
    }
    assertThat(OrderId.parse("9223372036854775807-4095")).contains(new OrderId(Long.MAX_VALUE, ProductKey.SHARDS - 1));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "", "42", "-", "42-", "-7", "007-42", "7-0042", "00-0", "4a-7", "42-7b", "x-y", "-1-7", "42--7", "42-+7", "+42-7", " 42-7", "42-7 ",
      "99999999999999999999-7", "9223372036854775808-7", "42-4096", "42-9999", "42-00001", "42-7-", "42-7-1"})
  void a_text_that_cannot_be_an_id_this_server_issued_parses_to_nothing(String text) {
    assertThat(OrderId.parse(text)).isEmpty();
  }

  @Test
  void an_id_outside_the_number_or_shard_range_cannot_be_made() {
    assertThatThrownBy(() -> new OrderId(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OrderId(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OrderId(1, ProductKey.SHARDS)).isInstanceOf(IllegalArgumentException.class);
  }
}
