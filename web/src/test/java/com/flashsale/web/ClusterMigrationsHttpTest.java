package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.LiveServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/admin/cluster} and {@code /metrics} while a second member joins a cluster of its own (not the
 * shared test server's, whose other tests count on one member): the partitions migrating to the newcomer are
 * counted by the member that answers, and the view says when migration is over.
 */
class ClusterMigrationsHttpTest {

  private final List<FlashSaleNode> members = new ArrayList<>();
  private ApiServer server;

  @AfterEach
  void stopEverything() {
    EdgeCluster.stopAll(server, members);
  }

  @Test
  void the_cluster_view_counts_the_migrations_a_joining_member_causes_until_they_are_over() {
    String clusterName = "migrations-test-" + UUID.randomUUID();
    int firstPort = 6401 + ThreadLocalRandom.current().nextInt(200);
    members.add(EdgeCluster.member(clusterName, firstPort));
    server = ApiServer.start(members.get(0), AdminToken.configuredOrRandom(LiveServer.ADMIN_TOKEN), 0, Clock.systemUTC(),
        Map.of());
    Api api = EdgeCluster.client(server, clusterName);
    JsonNode alone = api.adminGet("/api/admin/cluster").expect(200).path("migrations");
    assertThat(alone.path("inProgress").asBoolean()).isFalse();
    assertThat(alone.path("processesCompleted").asLong()).as("a lone member migrates nothing").isZero();
    assertThat(alone.has("lastCompletedAt")).as("absent fields are left out: " + alone).isFalse();

    members.add(EdgeCluster.member(clusterName, firstPort));

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonNode cluster = api.adminGet("/api/admin/cluster").expect(200);
      assertThat(cluster.path("members")).hasSize(2);
      JsonNode migrations = cluster.path("migrations");
      assertThat(migrations.path("processesCompleted").asLong()).as("processes in " + migrations).isPositive();
      assertThat(migrations.path("replicasCompleted").asLong()).as("replicas in " + migrations).isPositive();
      assertThat(migrations.path("replicasFailed").isIntegralNumber()).as("replicasFailed in " + migrations).isTrue();
      assertThat(migrations.path("inProgress").asBoolean()).as("inProgress in " + migrations).isFalse();
      assertThat(Instant.parse(migrations.path("lastCompletedAt").asText())).isBeforeOrEqualTo(Instant.now());
    });
    String metrics = api.get("/metrics").body();
    assertThat(MetricsHttpTest.value(metrics, "flashsale_migrations_replicas_completed_total")).isPositive();
    assertThat(MetricsHttpTest.value(metrics, "flashsale_migrations_in_progress")).isZero();
  }
}
