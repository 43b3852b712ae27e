package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast's own overrides reach a real member started as an operator starts one: with {@code HZ_CLUSTERNAME}
 * set and {@code FLASHSALE_CLUSTER_NAME} unset, the members form and join the cluster the override names, not
 * the platform's default {@code flashsale}.
 */
@Order(9)
class HazelcastOverridesIT {

  private final ItCluster cluster = new ItCluster();

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void members_started_with_hz_clustername_join_the_cluster_it_names() {
    String name = "hz-override-" + cluster.clusterName;
    // Blank is unset for the platform's variables: the default must not overwrite the override.
    Map<String, String> override = Map.of("FLASHSALE_CLUSTER_NAME", "", "HZ_CLUSTERNAME", name);

    MemberProcess first = cluster.start("override-1", override).awaitReady(ItCluster.STARTUP);
    MemberProcess second = cluster.start("override-2", override).awaitReady(ItCluster.STARTUP);
    ItCluster.awaitClusterOf(List.of(first, second));

    for (MemberProcess member : List.of(first, second)) {
      Http.Reply view = Http.get(member.httpPort(), "/api/admin/cluster", "Authorization", "Bearer " + ItCluster.ADMIN_TOKEN);
      assertThat(view.json().path("clusterName").asText()).isEqualTo(name);
      assertThat(view.json().path("members").size()).isEqualTo(2);
    }
  }
}
