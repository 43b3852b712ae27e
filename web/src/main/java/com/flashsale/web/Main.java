package com.flashsale.web;

import com.flashsale.mapstore.Persistence;
import com.flashsale.mapstore.RepersistPass;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.member.Timings;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one member: joins (or forms) the grid, starts the services and the API. On SIGTERM the API stops
 * taking requests first, then the member leaves gracefully, so nothing in flight is cut off.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Often enough that allowance left by a crash comes back within minutes; each run reads every sale. */
  private static final Duration RECONCILIATION_INTERVAL = Duration.ofMinutes(1);

  private Main() {}

  public static void main(String[] args) {
    Settings settings;
    try {
      settings = Settings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException invalid) {
      LOG.error("Invalid configuration: {}", invalid.getMessage());
      System.exit(2);
      return;
    }
    Config config = GridConfig.member(settings);
    // Our own hook stops the API before the member leaves; Hazelcast's would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    FlashSaleNode node = FlashSaleNode.on(Hazelcast.newHazelcastInstance(config), Clock.systemUTC(), Timings.defaults());
    AdminToken token = AdminToken.configuredOrRandom(settings.adminToken());
    if (token.generated()) {
      LOG.warn("No FLASHSALE_ADMIN_TOKEN set; generated admin token for this member: {}", token.value());
    }
    Reconciliations reconciliations = new Reconciliations(node.reconciler(), node.instance())
        .every(RECONCILIATION_INTERVAL);
    RepersistPass repersist = new RepersistPass(node.instance(), Clock.systemUTC())
        .every(Duration.ofSeconds(settings.repersistSeconds()));
    Persistence persistence = Persistence.of(node.instance());
    ApiServer api = ApiServer.start(node, token, settings.httpPort(), Clock.systemUTC(),
        Map.of("postgres", () -> persistence.checkDatabase().answers()), reconciliations);
    api.metrics().gauge("flashsale.repersist.rewritten", "Rows write-behind had lost, written again by this member",
        repersist::rewritten);
    api.metrics().gauge("flashsale.writebehind.backlog", "Changes this member owns not yet in PostgreSQL",
        persistence::writeBehindBacklogTotal);
    LOG.info("Flash-sale member ready: API on port {}, cluster '{}'", api.port(), settings.clusterName());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutting down: API first, then leaving the grid gracefully");
      api.close();
      reconciliations.close();
      repersist.close();
      node.close();
    }, "flashsale-shutdown"));
  }
}
