package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.TestSale;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rate limits shared by the cluster: two APIs over two members of one cluster draw on the same buckets, so a
 * caller that spreads a burst over both members is still refused past its rate, with 429 RATE_LIMITED and a
 * {@code Retry-After} of at least one second, from whichever member it reaches.
 */
class RateLimitHttpTest {

  @Test
  void a_users_burst_spread_over_two_members_is_429_with_retry_after_past_the_shared_limit() {
    EdgeSettings settings = EdgeSettings.defaults().withRates(new EdgeSettings.Rate(1, 3), null);
    try (ApiServer first = EdgeCluster.shared().start(0, settings);
        ApiServer second = EdgeCluster.shared().start(1, settings)) {
      Api one = EdgeCluster.shared().client(first);
      Api two = EdgeCluster.shared().client(second);
      String saleId = one.create(TestSale.active().product("tee", "19.99", 100).perUserLimit(100));
      String userId = Api.newId("user");

      long startedAt = System.nanoTime();
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        answers.add((i % 2 == 0 ? one : two).place(saleId, userId, "tee", 1));
      }
      double seconds = (System.nanoTime() - startedAt) / 1e9;

      List<Answer> admitted = answers.stream().filter(answer -> answer.status() == 201).toList();
      List<Answer> refused = answers.stream().filter(answer -> answer.status() == 429).toList();
      assertThat(admitted.size() + refused.size()).as("every answer is 201 or 429").isEqualTo(answers.size());
      assertThat(admitted.size()).as("admitted in %.2f s at burst 3 and 1/s", seconds)
          .isBetween(3, 3 + (int) Math.ceil(seconds));
      assertThat(refused).as("refusals from both members")
          .anySatisfy(answer -> assertThat(answers.indexOf(answer) % 2).isZero())
          .anySatisfy(answer -> assertThat(answers.indexOf(answer) % 2).isOne());
      for (Answer answer : refused) {
        answer.expectError(429, "RATE_LIMITED");
        assertThat(answer.header("Retry-After").map(Integer::parseInt)).as(answer.describe())
            .hasValueSatisfying(retryAfter -> assertThat(retryAfter).isPositive());
      }
      assertThat(one.available(saleId, "tee")).isEqualTo(100 - admitted.size());
      two.place(saleId, Api.newId("user"), "tee", 1).expect(201);
    }
  }

  @Test
  void under_the_defaults_a_400_order_burst_by_one_user_meets_429_with_retry_after_past_5_a_second_and_bursts_of_10() {
    try (ApiServer server = EdgeCluster.shared().start(0, EdgeSettings.defaults())) {
      Api api = EdgeCluster.shared().client(server);
      String saleId = api.create(TestSale.active().product("tee", "1.00", 1_000).perUserLimit(1_000));
      String userId = Api.newId("user");

      long startedAt = System.nanoTime();
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        answers.add(api.place(saleId, userId, "tee", 1));
      }
      double seconds = (System.nanoTime() - startedAt) / 1e9;

      List<Answer> admitted = answers.stream().filter(answer -> answer.status() == 201).toList();
      List<Answer> refused = answers.stream().filter(answer -> answer.status() != 201).toList();
      assertThat(admitted.size()).as("admitted in %.2f s at 5/s with bursts of 10", seconds)
          .isBetween(10, 10 + 5 * (int) Math.ceil(seconds));
      for (Answer answer : refused) {
        answer.expectError(429, "RATE_LIMITED");
        assertThat(answer.header("Retry-After").map(Integer::parseInt)).as(answer.describe())
            .hasValueSatisfying(retryAfter -> assertThat(retryAfter).isPositive());
      }
      assertThat(api.available(saleId, "tee")).isEqualTo(1_000 - admitted.size());
      api.place(saleId, Api.newId("user"), "tee", 1).expect(201);
    }
  }

  @Test
  void an_addresss_calls_over_its_rate_are_429_on_every_shopper_route_of_either_member() {
    EdgeSettings settings = EdgeSettings.defaults().withRates(null, new EdgeSettings.Rate(1, 4));
    try (ApiServer first = EdgeCluster.shared().start(0, settings);
        ApiServer second = EdgeCluster.shared().start(1, settings)) {
      Api one = EdgeCluster.shared().client(first);
      Api two = EdgeCluster.shared().client(second);

      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add((i % 2 == 0 ? one : two).get("/api/sales"));
      }
      Answer placement = two.place("some-sale", "some-user", "tee", 1);

      assertThat(answers.stream().filter(answer -> answer.status() == 429).count()).isGreaterThanOrEqualTo(1);
      answers.stream().filter(answer -> answer.status() != 200).forEach(answer -> answer.expectError(429, "RATE_LIMITED"));
      placement.expectError(429, "RATE_LIMITED");
      assertThat(placement.header("Retry-After")).isPresent();
      one.adminGet("/api/admin/cluster").expect(200);
    }
  }
}
