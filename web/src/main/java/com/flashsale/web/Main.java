package com.flashsale.web;

import com.flashsale.mapstore.Persistence;
import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.MemberClock;
import com.flashsale.node.member.Settings;
import com.flashsale.node.member.Timings;
import com.flashsale.web.admin.AdminToken;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.operations.StopProgress;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one member: joins (or forms) the grid, starts the services and the API. On SIGTERM the API stops
 * taking requests first, then the member leaves gracefully, so nothing in flight is cut off; the cluster's last
 * member leaves once PostgreSQL has everything write-behind owes it ({@link StopProgress}).
 */
public final class Main {

  /**
   * Hazelcast runs the dependent stages of its futures on the common pool only when that pool's parallelism is
   * above 1; otherwise it starts a new thread for every stage (the cluster-wide rate limiter completes one per
   * placement). On 2 cores the JVM's default parallelism is 1: measured, a thread started per placement cut the
   * member to a fifth of its rate. Set before anything loads the pool; an operator's own value is kept.
   */
  static {
    String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(parallelism) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(parallelism, "4");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** How often a member that takes long to stop says what it waits for ({@link StopProgress}). */
  private static final Duration STOP_REPORTS = Duration.ofSeconds(10);

  private Main() {}

  public static void main(String[] args) {
    Settings settings;
    EdgeSettings edge;
    Config config;
    try {
      settings = Settings.fromEnvironment(System.getenv());
      edge = EdgeSettings.fromEnvironment(System.getenv());
      // Also checks FLASHSALE_* against Hazelcast's own HZ_* and -Dhz.* overrides.
      config = GridConfig.member(settings);
    } catch (IllegalArgumentException invalid) {
      LOG.error("Invalid configuration: {}", invalid.getMessage());
      System.exit(2);
      return;
    }
    // Our own hook stops the API before the member leaves; Hazelcast's would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    Persistence.prepare(config);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    FlashSaleNode node;
    try {
      node = FlashSaleNode.on(member, MemberClock.system(),
          Timings.defaults().withReconciliationPace(settings.reconciliationPace()));
    } catch (RuntimeException failed) {
      // Never linger as a member without an API: Hazelcast's threads would keep the process alive, never ready.
      // The others hold a backup of whatever this member owns; a supervisor can start it again.
      LOG.error("The member could not start its services; leaving the cluster and exiting", failed);
      member.getLifecycleService().terminate();
      System.exit(1);
      return;
    }
    AdminToken token = AdminToken.configuredOrRandom(settings.adminToken());
    if (token.generated()) {
      LOG.warn("No FLASHSALE_ADMIN_TOKEN set; generated admin token for this member: {}", token.value());
    }
    Persistence persistence = Persistence.of(node.instance());
    warnWhereOpen(edge);
    ApiServer api = ApiServer.start(node, token, settings.httpPort(), MemberClock.system(),
        Map.of("postgres", () -> persistence.checkDatabase().answers(),
            "initialLoad", persistence::initialLoadComplete), edge);
    LOG.info("Flash-sale member ready: API on port {} ({}), cluster '{}', edge {}", api.port(),
        edge.tls() == null ? "http" : "https", settings.clusterName(), edge);
    Runnable stop = once(() -> {
      LOG.info("Shutting down: API first, then leaving the grid gracefully");
      // From now on a write of changes this member owns waits out an outage rather than being dropped by
      // Hazelcast's flush on shutdown (several members stopped at once: whichever ends up owning them).
      persistence.stopping();
      try (StopProgress progress = StopProgress.watch(persistence, STOP_REPORTS)) {
        api.close();
        // Nothing of this member changes the grid any more (the sweeper would expire holds) while it waits.
        node.stopBackgroundWork();
        progress.awaitWrittenIfLast(() -> member.getCluster().getMembers().size());
        node.close();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "flashsale-shutdown"));
    exitZeroAfterSigterm(stop);
  }

  /**
   * SIGTERM is how operators and orchestrators stop a member: it leaves gracefully, then exits 0 so that a
   * supervisor sees a clean stop. Left to the JVM, the same shutdown hook would run but the exit code would be
   * 143, which reads as a crash.
   */
  private static void exitZeroAfterSigterm(Runnable stop) {
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
      stop.run();
      System.exit(0);
    });
  }

  /** Runs {@code action} the first time; later callers wait until it is done, then return. */
  private static Runnable once(Runnable action) {
    boolean[] done = {false};
    return () -> {
      synchronized (done) {
        if (!done[0]) {
          done[0] = true;
          action.run();
        }
      }
    };
  }

  /** An open shopper API is fine on a laptop and a hole in production: say so where nobody can miss it. */
  private static void warnWhereOpen(EdgeSettings edge) {
    if (!edge.authenticatesShoppers()) {
      LOG.warn("SHOPPER API IS OPEN: none of FLASHSALE_JWT_SECRET, FLASHSALE_JWT_PUBLIC_KEY and FLASHSALE_JWT_JWKS_URL "
          + "is set, so any caller may act as any user. Set one of them in production (see README, Security).");
    }
    if (edge.tls() == null) {
      LOG.warn("The API speaks plain HTTP: set FLASHSALE_TLS_KEYSTORE (or terminate TLS in front of it) in production.");
    }
  }
}
