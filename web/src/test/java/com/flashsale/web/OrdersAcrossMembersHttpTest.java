package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.TestSale;
import com.hazelcast.cluster.Member;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two APIs over the two members of one cluster: the ledger of an order's product is the grid's only copy of the
 * order, and the order's id names its partition, so once one member has answered 201 the other reads, changes and
 * lists the order at once, with nothing to wait for, whichever member owns the product. The products of each test
 * are chosen so that each member owns some of them.
 */
class OrdersAcrossMembersHttpTest {

  private static ApiServer first;
  private static ApiServer second;
  private static List<Api> apis;

  @BeforeAll
  static void start() {
    EdgeSettings unlimited = EdgeSettings.defaults().withRates(null, null);
    first = EdgeCluster.shared().start(0, unlimited);
    second = EdgeCluster.shared().start(1, unlimited);
    apis = List.of(EdgeCluster.shared().client(first), EdgeCluster.shared().client(second));
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
  }

  @Test
  void after_a_201_the_order_is_read_at_once_through_the_other_member() {
    SaleOnBoth created = saleOnBoth(TestSale.active(), 2);
    String saleId = created.saleId();
    List<String> products = created.products();

    for (String productId : products) {
      for (int placing = 0; placing < 2; placing++) {
        JsonNode placed = apis.get(placing).placed(saleId, Api.newId("user"), productId, 1);

        JsonNode read = apis.get(1 - placing).get("/api/orders/" + placed.path("orderId").asText()).expect(200);

        assertThat(read).as("%s placed through member %d", productId, placing).isEqualTo(placed);
      }
    }
  }

  @Test
  void an_order_placed_through_one_member_is_paid_or_cancelled_at_once_through_the_other() {
    SaleOnBoth created = saleOnBoth(TestSale.active(), 1);
    String saleId = created.saleId();
    List<String> products = created.products();

    for (String productId : products) {
      for (int placing = 0; placing < 2; placing++) {
        Api placer = apis.get(placing);
        Api other = apis.get(1 - placing);
        String paid = placer.placed(saleId, Api.newId("user"), productId, 1).path("orderId").asText();
        String cancelled = placer.placed(saleId, Api.newId("user"), productId, 1).path("orderId").asText();

        assertThat(other.pay(paid, "SUCCEEDED").expect(200).path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(other.cancel(cancelled).expect(200).path("status").asText()).isEqualTo("CANCELLED");

        assertThat(placer.order(paid).path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(placer.order(cancelled).path("status").asText()).isEqualTo("CANCELLED");
      }
      assertThat(apis.get(0).available(saleId, productId)).as("units of %s", productId).isEqualTo(8);
    }
  }

  @Test
  void a_users_list_through_one_member_shows_the_order_placed_just_before_through_the_other() {
    SaleOnBoth created = saleOnBoth(TestSale.active().perUserLimit(2), 1);
    String saleId = created.saleId();
    List<String> products = created.products();
    String userId = Api.newId("user");
    List<String> placed = new ArrayList<>();

    for (int i = 0; i < 2 * products.size(); i++) {
      int placing = i % 2;
      placed.add(apis.get(placing).placed(saleId, userId, products.get(i / 2), 1).path("orderId").asText());

      JsonNode listed = apis.get(1 - placing).get("/api/users/" + userId + "/orders").expect(200);

      assertThat(listed.findValuesAsText("orderId")).as("listed through member %d", 1 - placing)
          .containsExactlyInAnyOrderElementsOf(placed);
    }
  }

  /**
   * Product ids of {@code saleId}, {@code perMember} of them with their ledger owned by each member, in turn: so
   * that every test reads and changes orders both on the member that owns them and on the one that does not.
   */
  private static List<String> productsOwnedByEach(String saleId, int perMember) {
    List<List<String>> owned = List.of(new ArrayList<>(), new ArrayList<>());
    for (int candidate = 0; owned.stream().anyMatch(products -> products.size() < perMember); candidate++) {
      String productId = "p" + candidate;
      Member owner = EdgeCluster.shared().member(0).instance().getPartitionService()
          .getPartition(new ProductKey(saleId, productId)).getOwner();
      for (int member = 0; member < 2; member++) {
        if (owner.equals(EdgeCluster.shared().member(member).instance().getCluster().getLocalMember())
            && owned.get(member).size() < perMember) {
          owned.get(member).add(productId);
        }
      }
    }
    List<String> products = new ArrayList<>();
    for (int i = 0; i < perMember; i++) {
      products.add(owned.get(0).get(i));
      products.add(owned.get(1).get(i));
    }
    return products;
  }

  private record SaleOnBoth(String saleId, List<String> products) {}

  /** Creates the sale with {@code perMember} products (10 units each) whose ledgers each member owns. */
  private SaleOnBoth saleOnBoth(TestSale sale, int perMember) {
    List<String> products = productsOwnedByEach(sale.saleId(), perMember);
    products.forEach(productId -> sale.product(productId, "19.99", 10));
    return new SaleOnBoth(apis.get(0).create(sale), products);
  }
}
