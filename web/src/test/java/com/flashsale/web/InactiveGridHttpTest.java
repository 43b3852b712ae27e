package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A member whose grid instance has stopped (it is shutting down, or was terminated) while its API still takes
 * requests answers 503 UNAVAILABLE with {@code Retry-After}, never 500: the client should go to another member.
 */
class InactiveGridHttpTest {

  @Test
  void an_api_over_a_grid_instance_that_is_no_longer_active_answers_503_with_retry_after() {
    String clusterName = "inactive-test-" + UUID.randomUUID();
    FlashSaleNode member = EdgeCluster.member(clusterName, 6501 + ThreadLocalRandom.current().nextInt(100));
    try (ApiServer server = ApiServer.start(member, AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0,
        Clock.systemUTC(), Map.of(), EdgeSettings.defaults())) {
      Api api = EdgeCluster.client(server, clusterName);
      String saleId = api.create(TestSale.active().product("tee", "19.99", 10));
      api.place(saleId, Api.newId("user"), "tee", 1).expect(201);

      EdgeCluster.crash(member);

      for (Answer answer : new Answer[] {
          api.get("/api/sales/" + saleId),
          api.get("/api/sales/" + saleId + "/products/tee"),
          api.place(saleId, Api.newId("user"), "tee", 1),
          api.get("/api/orders/12345-0"),
          api.adminPost("/api/admin/sales/" + saleId + "/end", null)}) {
        answer.expectError(503, "UNAVAILABLE");
        assertThat(answer.header("Retry-After")).as(answer.describe()).hasValue("1");
      }
    } finally {
      member.close();
    }
  }
}
