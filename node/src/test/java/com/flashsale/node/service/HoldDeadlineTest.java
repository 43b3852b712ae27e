package com.flashsale.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Stock;
import com.flashsale.node.testing.FlashSaleCluster;
import com.flashsale.node.testing.MutableClock;
import com.flashsale.node.testing.TestSales;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hold is looked at twice: soon after the take (is its order recorded?), then when the payment window closes. */
class HoldDeadlineTest {

  private final MutableClock clock = new MutableClock(Instant.now());
  private FlashSaleCluster cluster;
  private final ProductKey product = new ProductKey("deadline", "p1");

  @BeforeEach
  void startTwoMembers() {
    cluster = FlashSaleCluster.start(2, clock, FlashSaleCluster.MANUAL_SWEEP);
    cluster.node(0).sales().create(TestSales.activeSale("deadline", 3, 60, List.of(TestSales.product("p1", 5))));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void a_recorded_order_moves_its_hold_deadline_to_expiry_and_is_expired_only_then() {
    Order order = cluster.node(1).orders().place(new PlaceOrderRequest("deadline", "p1", "u1", 2), null)
        .toCompletableFuture().join().order();
    assertThat(stock().hold(order.orderId()).orElseThrow().deadline())
        .isLessThan(order.expiresAt().toEpochMilli());

    clock.advance(Duration.ofSeconds(2));
    assertThat(cluster.sweepAll()).isZero();

    assertThat(stock().hold(order.orderId()).orElseThrow().deadline()).isEqualTo(order.expiresAt().toEpochMilli());
    assertThat(cluster.sweepAll()).isZero();
    assertThat(stock().available()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(60));
    assertThat(cluster.sweepAll()).isEqualTo(1);

    Order expired = cluster.grid().orders().get(order.orderId());
    assertThat(expired.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(expired.cancelReason()).isEqualTo(CancelReason.EXPIRED);
    assertThat(stock().available()).isEqualTo(5);
    assertThat(stock().holds()).isEmpty();
  }

  private Stock stock() {
    return cluster.grid().stock().get(product);
  }
}
