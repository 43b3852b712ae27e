package com.flashsale.node.testing;

import com.flashsale.node.member.FlashSaleNode;
import com.flashsale.node.member.GridConfig;
import com.flashsale.node.member.Settings;
import com.flashsale.node.member.Timings;
import com.flashsale.node.service.Grid;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import java.time.Clock;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several grid members in one JVM (the hazelcast tests jar's mock network), each wired with the services
 * production runs ({@link FlashSaleNode#on}). Members start from {@code GridConfig.base}, so maps, backups and
 * serializers are those of {@code config/hazelcast.yaml}. Close it in {@code @AfterEach}.
 */
public final class FlashSaleCluster implements AutoCloseable {

  /** Short graces so that expiry happens within a test: sweep every 200 ms, a change in flight for 2 s. */
  public static final Timings FAST = new Timings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ZERO);

  /** As {@link #FAST} but with no background sweeper: the test sweeps by hand ({@link #sweepAll()}). */
  public static final Timings MANUAL_SWEEP = new Timings(Duration.ZERO, Duration.ofSeconds(2), Duration.ZERO);

  private final TestHazelcastFactory factory = new TestHazelcastFactory();
  private final List<FlashSaleNode> nodes = new ArrayList<>();
  private final Clock clock;
  private final Timings timings;
  private final Consumer<Config> configure;

  private FlashSaleCluster(Clock clock, Timings timings, Consumer<Config> configure) {
    this.clock = clock;
    this.timings = timings;
    this.configure = configure;
  }

  public static FlashSaleCluster start(int members, Clock clock, Timings timings) {
    return start(members, clock, timings, config -> { });
  }

  /** As {@link #start(int, Clock, Timings)}, each member's configuration changed by {@code configure} first. */
  public static FlashSaleCluster start(int members, Clock clock, Timings timings, Consumer<Config> configure) {
    FlashSaleCluster cluster = new FlashSaleCluster(clock, timings, configure);
    for (int i = 0; i < members; i++) {
      cluster.addMember();
    }
    return cluster;
  }

  public static FlashSaleCluster start(int members) {
    return start(members, Clock.systemUTC(), FAST);
  }

  /** Starts one more member (it joins the others) with its services. */
  public FlashSaleNode addMember() {
    Config config = GridConfig.base(Settings.defaults());
    configure.accept(config);
    HazelcastInstance instance = factory.newHazelcastInstance(config);
    // The services create the maps (and their indexes) at once: let the join's migrations finish first, or
    // index creation can fail on a backup ack missed under load (fail-on-indeterminate-state is on).
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> instance.getPartitionService().isClusterSafe());
    // On a busy machine a backup ack of that index creation can still miss its 5 s: create the maps until it works.
    Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IndeterminateOperationStateException.class)
        .until(() -> Grid.of(instance) != null);
    FlashSaleNode node = FlashSaleNode.on(instance, clock, timings);
    nodes.add(node);
    return node;
  }

  public FlashSaleNode node(int index) {
    return nodes.get(index);
  }

  /** Every member started, including those shut down since. */
  public List<FlashSaleNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The members still running. */
  public List<FlashSaleNode> running() {
    return nodes.stream().filter(node -> node.instance().getLifecycleService().isRunning()).toList();
  }

  /** The distributed structures as seen from a running member. */
  public Grid grid() {
    return Grid.of(running().get(0).instance());
  }

  public Clock clock() {
    return clock;
  }

  /** Graceful leave, as on SIGTERM: the member's sweeper stops, its partitions migrate, then it shuts down. */
  public void shutdown(int index) {
    FlashSaleNode node = nodes.get(index);
    node.stopBackgroundWork();
    node.instance().shutdown();
  }

  /** A crash: the member is gone at once, without migrating anything (its backups take over). */
  public void terminate(int index) {
    FlashSaleNode node = nodes.get(index);
    node.stopBackgroundWork();
    node.instance().getLifecycleService().terminate();
  }

  /** One sweep on every running member (each sweeps the partitions it owns); the orders expired in all. */
  public int sweepAll() {
    return running().stream().mapToInt(node -> node.sweeper().sweep().expired()).sum();
  }

  /** Stops the background sweepers of all members: from now on only {@link #sweepAll()} expires orders. */
  public void stopSweepers() {
    nodes.forEach(node -> node.stopBackgroundWork());
  }

  @Override
  public void close() {
    // Sweepers stop first, then members are terminated (no migration at teardown).
    stopSweepers();
    factory.terminateAll();
    nodes.forEach(FlashSaleNode::close);
  }
}
