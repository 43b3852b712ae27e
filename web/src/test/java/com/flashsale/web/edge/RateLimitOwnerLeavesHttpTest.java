package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.web.ApiServer;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import com.hazelcast.cluster.Member;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rate limit's bucket lives on the member that owns its key's partition, and the other members send their checks
 * there. When that member crashes, its partitions and the checks move to a survivor: the calls meanwhile are
 * answered 201, 429 or 503, never 500, and once the move is over the caller has one bucket again, on its new owner,
 * and is refused past its burst as before (the bucket itself starts full: buckets have no backup).
 */
class RateLimitOwnerLeavesHttpTest {

  private static final EdgeSettings.Rate ONE_A_SECOND_BURST_3 = new EdgeSettings.Rate(1, 3);

  private final List<FlashSaleNode> members = new ArrayList<>();
  private ApiServer server;

  @AfterEach
  void stopEverything() {
    EdgeCluster.stopAll(server, members);
  }

  @Test
  void when_the_member_holding_a_users_bucket_crashes_the_survivor_limits_the_user_and_nothing_answers_500() {
    String clusterName = "rate-owner-test-" + UUID.randomUUID();
    int firstPort = 9301 + ThreadLocalRandom.current().nextInt(200);
    FlashSaleNode survivor = EdgeCluster.member(clusterName, firstPort);
    members.add(survivor);
    FlashSaleNode owner = EdgeCluster.member(clusterName, firstPort);
    members.add(owner);
    EdgeCluster.awaitSettled(survivor);
    server = ApiServer.start(survivor, AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0, Clock.systemUTC(),
        Map.of(), EdgeSettings.defaults().withRates(ONE_A_SECOND_BURST_3, null));
    Api api = EdgeCluster.client(server, clusterName);
    String saleId = api.create(TestSale.active().product("tee", "1.00", 1_000).perUserLimit(1_000));
    Member ownerMember = owner.instance().getCluster().getLocalMember();
    String userId = Stream.generate(() -> Api.newId("user"))
        .filter(id -> ownerMember.equals(survivor.instance().getPartitionService().getPartition("user:" + id).getOwner()))
        .findFirst().orElseThrow();

    Burst onTheOwner = Burst.of(api, saleId, userId);
    assertThat(onTheOwner.admitted()).as("admitted in %.2f s, checked on the other member", onTheOwner.seconds())
        .isBetween(3L, onTheOwner.mostAdmitted());
    onTheOwner.assertRefusedAsLimited();

    EdgeCluster.crash(owner);
    List<Answer> duringTheMove = new ArrayList<>();
    await("the survivor owns every partition").atMost(Duration.ofSeconds(60)).pollInSameThread()
        .pollInterval(Duration.ofMillis(50)).until(() -> {
          duringTheMove.add(api.place(saleId, userId, "tee", 1));
          return survivor.instance().getCluster().getMembers().size() == 1
              && survivor.instance().getPartitionService().isClusterSafe();
        });

    assertThat(duringTheMove).extracting(Answer::status).as("answers while the owner's partitions moved")
        .isNotEmpty().allMatch(status -> status == 201 || status == 429 || status == 503);
    // The survivor's bucket started full at the move and the calls above may have used some of it.
    Burst onTheSurvivor = Burst.of(api, saleId, userId);
    assertThat(onTheSurvivor.admitted()).as("admitted in %.2f s, checked on the new owner", onTheSurvivor.seconds())
        .isLessThanOrEqualTo(onTheSurvivor.mostAdmitted());
    onTheSurvivor.assertRefusedAsLimited();
  }

  /** Eight placements in a row by one user, and how long they took. */
  private record Burst(List<Answer> answers, double seconds) {

    static Burst of(Api api, String saleId, String userId) {
      long startedAt = System.nanoTime();
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(api.place(saleId, userId, "tee", 1));
      }
      return new Burst(answers, (System.nanoTime() - startedAt) / 1e9);
    }

    long admitted() {
      return answers.stream().filter(answer -> answer.status() == 201).count();
    }

    /** The burst of three, plus a token for each second begun. */
    long mostAdmitted() {
      return 3 + (long) Math.ceil(seconds);
    }

    void assertRefusedAsLimited() {
      List<Answer> refused = answers.stream().filter(answer -> answer.status() != 201).toList();
      assertThat(refused).as("refused past the burst").isNotEmpty();
      refused.forEach(answer -> answer.expectError(429, "RATE_LIMITED"));
    }
  }
}
