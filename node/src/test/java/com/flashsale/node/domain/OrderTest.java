package com.flashsale.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderTest {

  private static final Instant NOW = Instant.parse("2026-11-21T10:30:00Z");
  private static final Product PHONE = new Product("phone", "Phone", null, new BigDecimal("199.00"), "EUR", 10);

  private static Sale saleWithWindow(int paymentWindowSeconds) {
    return Sale.create("s1", "Sale", NOW.minusSeconds(60), NOW.plusSeconds(3600), 3, paymentWindowSeconds, List.of(PHONE));
  }

  @Test
  void an_order_placed_in_a_sale_with_a_payment_window_is_pending_until_the_window_ends() {
    Order order = Order.placed(42, saleWithWindow(300), PHONE, "u1", 2, NOW);

    assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(order.cancelReason()).isNull();
    assertThat(order.unitPrice()).isEqualByComparingTo("199.00");
    assertThat(order.currency()).isEqualTo("EUR");
    assertThat(order.createdAt()).isEqualTo(NOW);
    assertThat(order.updatedAt()).isEqualTo(NOW);
    assertThat(order.productKey()).isEqualTo(new ProductKey("s1", "phone"));
  }

  @Test
  void an_order_placed_in_a_sale_without_payment_window_is_confirmed_at_once() {
    Order order = Order.placed(42, saleWithWindow(0), PHONE, "u1", 1, NOW);

    assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(order.expiresAt()).isNull();
    assertThat(order.isExpiredAt(NOW.plusSeconds(1_000_000))).isFalse();
  }

  @Test
  void a_pending_order_is_expired_from_its_expiry_instant_on() {
    Order order = Order.placed(42, saleWithWindow(60), PHONE, "u1", 1, NOW);

    assertThat(order.isExpiredAt(NOW.plusSeconds(59))).isFalse();
    assertThat(order.isExpiredAt(NOW.plusSeconds(60))).isTrue();
  }

  @Test
  void confirming_makes_the_order_confirmed_without_expiry_and_keeps_the_payment_reference() {
    Order order = Order.placed(42, saleWithWindow(60), PHONE, "u1", 1, NOW);

    Order confirmed = order.confirmed("pay-1", NOW.plusSeconds(5));

    assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(confirmed.expiresAt()).isNull();
    assertThat(confirmed.cancelReason()).isNull();
    assertThat(confirmed.paymentRef()).isEqualTo("pay-1");
    assertThat(confirmed.updatedAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(confirmed.createdAt()).isEqualTo(NOW);
    assertThat(confirmed.version()).isEqualTo(order.version() + 1);
    assertThat(confirmed.isExpiredAt(NOW.plusSeconds(3600))).isFalse();
  }

  @Test
  void cancelling_sets_the_reason_clears_the_expiry_and_keeps_an_earlier_payment_reference() {
    Order order = Order.placed(42, saleWithWindow(60), PHONE, "u1", 1, NOW);

    Order failed = order.cancelled(CancelReason.PAYMENT_FAILED, "pay-9", NOW.plusSeconds(1));
    Order cancelled = failed.cancelled(CancelReason.USER_CANCELLED, null, NOW.plusSeconds(2));

    assertThat(failed.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(failed.cancelReason()).isEqualTo(CancelReason.PAYMENT_FAILED);
    assertThat(failed.expiresAt()).isNull();
    assertThat(failed.paymentRef()).isEqualTo("pay-9");
    assertThat(cancelled.paymentRef()).isEqualTo("pay-9");
    assertThat(cancelled.version()).isEqualTo(order.version() + 2);
  }

  @Test
  void only_pending_and_confirmed_orders_hold_units() {
    assertThat(OrderStatus.PENDING.holdsUnits()).isTrue();
    assertThat(OrderStatus.CONFIRMED.holdsUnits()).isTrue();
    assertThat(OrderStatus.CANCELLED.holdsUnits()).isFalse();
  }

  @Test
  void a_products_partition_key_is_its_shard_the_same_for_every_copy_of_its_key() {
    ProductKey product = new ProductKey("s1", "phone");

    assertThat(product.getPartitionKey()).isEqualTo(product.shard());
    assertThat(new ProductKey("s1", "phone").shard()).isEqualTo(product.shard());
    assertThat(Order.placed(42, saleWithWindow(60), PHONE, "u1", 1, NOW).productKey().shard()).isEqualTo(product.shard());
  }

  @Test
  void a_products_shard_is_a_stable_hash_of_its_ids_within_the_shard_range() {
    // String.hashCode is part of the language: these values hold on every JVM, before and after a restart, so an
    // order id handed out yesterday still names its ledger's partition.
    assertThat(new ProductKey("s1", "phone").shard()).isEqualTo(573);
    assertThat(new ProductKey("s0", "phone").shard()).as("\"s0/phone\" hashes below zero").isEqualTo(1788);
    assertThat(IntStream.range(0, 10_000).map(i -> new ProductKey("sale-" + i, "p" + i).shard()))
        .allMatch(shard -> shard >= 0 && shard < ProductKey.SHARDS);
  }

  @Test
  void the_products_of_a_sale_spread_over_distinct_shards() {
    assertThat(IntStream.range(0, 200).map(i -> new ProductKey("s1", "p" + i).shard()).distinct().count())
        .isEqualTo(200);
  }
}
