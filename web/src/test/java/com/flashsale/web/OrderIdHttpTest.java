package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import com.hazelcast.partition.PartitionService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The id of an order as shoppers see it, {@code <number>-<shard>}: the number is the key of the order's row in
 * PostgreSQL, the shard is its product's ({@link ProductKey#shard()}), which names the partition of the ledger that
 * holds the order. The id a placement answers reads, pays and cancels the order; an id not of that form, or with
 * the number of an order but a shard that is not its product's, is 404 ORDER_NOT_FOUND in the contract's JSON
 * error, never a 5xx, and changes nothing.
 */
@ExtendWith(LiveServer.class)
class OrderIdHttpTest {

  private static final Pattern ORDER_ID = Pattern.compile("([0-9]{1,19})-([0-9]{1,4})");
  private static final Duration WRITTEN_BEHIND = Duration.ofSeconds(30);
  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void a_placed_orders_id_is_the_key_of_its_row_a_dash_and_the_shard_of_its_product() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).product("cap", "5.00", 10));
    String userId = Api.newId("user");
    for (String productId : List.of("tee", "cap")) {
      String orderId = api.placed(saleId, userId, productId, 1).path("orderId").asText();

      Matcher parts = ORDER_ID.matcher(orderId);
      assertThat(parts.matches()).as("%s is <number>-<shard>", orderId).isTrue();
      assertThat(Integer.parseInt(parts.group(2))).as("the shard of " + orderId)
          .isEqualTo(new ProductKey(saleId, productId).shard());
      long number = Long.parseLong(parts.group(1));
      await("the row of order " + orderId).atMost(WRITTEN_BEHIND)
          .until(() -> rowOf(number).equals(Optional.of(saleId + "/" + productId + "/" + userId)));
    }
  }

  @Test
  void the_id_a_placement_answers_reads_pays_and_cancels_the_order() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10).perUserLimit(2));
    String userId = Api.newId("user");
    JsonNode kept = api.placed(saleId, userId, "tee", 1);
    JsonNode dropped = api.placed(saleId, userId, "tee", 1);
    String keptId = kept.path("orderId").asText();
    String droppedId = dropped.path("orderId").asText();

    assertThat(api.order(keptId)).isEqualTo(kept);
    JsonNode paid = api.pay(keptId, "SUCCEEDED").expect(200);
    JsonNode cancelled = api.cancel(droppedId).expect(200);

    assertThat(paid.path("orderId").asText()).isEqualTo(keptId);
    assertThat(paid.path("status").asText()).isEqualTo("CONFIRMED");
    assertThat(cancelled.path("orderId").asText()).isEqualTo(droppedId);
    assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(api.order(keptId)).isEqualTo(paid);
    assertThat(api.order(droppedId)).isEqualTo(cancelled);
    assertThat(api.get("/api/users/" + userId + "/orders").expect(200).findValuesAsText("orderId"))
        .containsExactly(droppedId, keptId);
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  @Test
  void an_order_id_not_of_the_form_number_dash_shard_is_404_order_not_found_on_every_order_route() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    String number = orderId.substring(0, orderId.indexOf('-'));
    List<String> malformed = List.of("123", "abc", "1-99999", "1-", "-1", "-", "1-4096", "1-1-1", "1--1", "1-+1",
        "+1-1", "1.5-0", "1-0.5", "0x1-1", "abc-1", "1-abc", "99999999999999999999-0", "bad!id", "%20", "1-%20",
        number, number + "-", "-" + number, number + "-99999");

    for (String id : malformed) {
      for (Answer answer : orderRoutes(id)) {
        answer.expectError(404, "ORDER_NOT_FOUND");
      }
    }
    assertThat(api.order(orderId).path("status").asText()).as("the order some of those ids resemble")
        .isEqualTo("PENDING");
  }

  @Test
  void an_id_with_the_number_of_an_order_and_another_shard_is_404_and_changes_nothing() {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
    String orderId = api.placed(saleId, Api.newId("user"), "tee", 1).path("orderId").asText();
    Matcher parts = ORDER_ID.matcher(orderId);
    assertThat(parts.matches()).isTrue();
    int shard = Integer.parseInt(parts.group(2));

    for (int otherShard : otherShards(shard)) {
      String wrong = parts.group(1) + "-" + otherShard;
      for (Answer answer : orderRoutes(wrong)) {
        answer.expectError(404, "ORDER_NOT_FOUND");
      }
    }

    assertThat(api.order(orderId).path("status").asText()).isEqualTo("PENDING");
    assertThat(api.available(saleId, "tee")).isEqualTo(9);
  }

  /**
   * Shards that are not {@code shard}: its neighbours, and one that lands on the same partition (the order is
   * found by its number among that partition's ledgers, so only the shard check tells that id apart).
   */
  private static List<Integer> otherShards(int shard) {
    PartitionService partitions = LiveServer.node().instance().getPartitionService();
    int partition = partitions.getPartition(shard).getPartitionId();
    int samePartition = IntStream.range(0, ProductKey.SHARDS)
        .filter(other -> other != shard && partitions.getPartition(other).getPartitionId() == partition)
        .findFirst().orElseThrow();
    return List.of((shard + 1) % ProductKey.SHARDS, (shard + ProductKey.SHARDS - 1) % ProductKey.SHARDS, samePartition);
  }

  /** A read, a payment and a cancellation of {@code orderId}. */
  private static List<Answer> orderRoutes(String orderId) {
    return List.of(api.get("/api/orders/" + orderId), api.pay(orderId, "SUCCEEDED"), api.pay(orderId, "FAILED"),
        api.cancel(orderId));
  }

  /** {@code sale/product/user} of the order's row in PostgreSQL, if it has one. */
  private static Optional<String> rowOf(long orderId) throws SQLException {
    try (Connection connection = LiveServer.database();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT sale_id || '/' || product_id || '/' || user_id FROM orders WHERE order_id = ?")) {
      statement.setLong(1, orderId);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }
}
