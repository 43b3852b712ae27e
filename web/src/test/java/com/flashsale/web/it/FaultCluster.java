package com.flashsale.web.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three members, each in its own network namespace of a {@link NetLab}, run with majority protection
 * ({@code FLASHSALE_MIN_MEMBERS=2}) against the test PostgreSQL, which they reach through a {@link TcpProxy}
 * listening on the bridge. Members are numbered 1..3 and keep their namespace, address and port across
 * restarts.
 *
 * <p>Hazelcast timings, so that each fault is seen and healed within a run (the rest is config/hazelcast.yaml):
 * heartbeat every 1 s and a member declared dead after 8 s without one (the file: 2 s and 15 s), written into a
 * copy of the file because the file's properties win over system properties; the split-brain merge's first run 5 s
 * after start and then every 5 s ({@code -Dhazelcast.merge.first.run.delay.seconds},
 * {@code -Dhazelcast.merge.next.run.delay.seconds}; defaults 300 s and 120 s).
 */
final class FaultCluster implements AutoCloseable {

  static final int SIZE = 3;
  static final int HTTP_PORT = 8080;
  static final Duration STARTUP = Duration.ofSeconds(150);
  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final Duration MAX_NO_HEARTBEAT = Duration.ofSeconds(8);
  /** How soon after a cut the other side may declare a member dead and take over its partitions. */
  static final Duration TAKEOVER = MAX_NO_HEARTBEAT.minus(HEARTBEAT);
  static final Map<String, String> TIMINGS = Map.of(
      "hazelcast.heartbeat.interval.seconds: 2", "hazelcast.heartbeat.interval.seconds: " + HEARTBEAT.toSeconds(),
      "hazelcast.max.no.heartbeat.seconds: 15", "hazelcast.max.no.heartbeat.seconds: " + MAX_NO_HEARTBEAT.toSeconds());
  static final String MERGE_TIMINGS = "-Dhazelcast.merge.first.run.delay.seconds=5 -Dhazelcast.merge.next.run.delay.seconds=5";

  final NetLab lab;
  final ItDatabase database = new ItDatabase();
  final TcpProxy databaseProxy;
  private final String clusterName = "faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path hazelcastConfig;
  private final List<MemberProcess> members = new ArrayList<>();
  /** Every member process started, for {@link #close()}: a replaced one may still be dying. */
  private final List<MemberProcess> started = new ArrayList<>();

  FaultCluster() {
    lab = NetLab.create(SIZE);
    try {
      URI server = database.server();
      databaseProxy = TcpProxy.listeningOn(InetAddress.getByName(NetLab.HOST_ADDRESS), server.getHost(), server.getPort());
      hazelcastConfig = timedConfig();
    } catch (UnknownHostException | RuntimeException failed) {
      lab.close();
      throw new IllegalStateException("cannot prepare the fault cluster", failed);
    }
  }

  /** Starts every member at once (each waits for a second one before it serves) and waits for a safe cluster. */
  List<MemberProcess> startAll() {
    for (int member = 1; member <= SIZE; member++) {
      members.add(launch(member, 0));
    }
    members.forEach(member -> member.awaitReady(STARTUP));
    awaitCluster();
    return List.copyOf(members);
  }

  MemberProcess member(int member) {
    return members.get(member - 1);
  }

  /** kill -9 of member {@code member}. */
  void kill(int member) {
    member(member).kill();
  }

  /** Starts member {@code member} again (after a kill) with its clock {@code clockOffsetMillis} off; waits until it serves. */
  MemberProcess restart(int member, long clockOffsetMillis) {
    member(member).kill();
    MemberProcess restarted = launch(member, clockOffsetMillis).awaitReady(STARTUP);
    members.set(member - 1, restarted);
    return restarted;
  }

  private MemberProcess launch(int member, long clockOffsetMillis) {
    String memberList = IntStream.rangeClosed(1, SIZE).mapToObj(i -> NetLab.address(i) + ":5701")
        .collect(Collectors.joining(","));
    Map<String, String> env = new HashMap<>(Map.of(
        "FLASHSALE_CLUSTER_NAME", clusterName,
        "FLASHSALE_HZ_PORT", "5701",
        "FLASHSALE_MEMBERS", memberList,
        "FLASHSALE_MIN_MEMBERS", "2",
        "FLASHSALE_HTTP_PORT", String.valueOf(HTTP_PORT),
        "FLASHSALE_HZ_CONFIG", hazelcastConfig.toString(),
        "FLASHSALE_DB_URL", database.urlThrough(NetLab.HOST_ADDRESS, databaseProxy.port()),
        "FLASHSALE_DB_USER", database.user,
        "FLASHSALE_DB_PASSWORD", database.password,
        "FLASHSALE_DB_SCHEMA", database.schema));
    env.put("FLASHSALE_ADMIN_TOKEN", ItCluster.ADMIN_TOKEN);
    env.put("JAVA_OPTS", MemberProcess.javaOptions() + " -Dhazelcast.local.localAddress=" + NetLab.address(member) + " "
        + MERGE_TIMINGS + (clockOffsetMillis == 0 ? "" : " -Dcom.hazelcast.clock.offset=" + clockOffsetMillis));
    MemberProcess process = MemberProcess.start(clusterName + "-m" + member, env, lab.prefix(member), NetLab.address(member));
    started.add(process);
    return process;
  }

  /** Waits until every member sees all {@link #SIZE} and every partition has its backup. */
  void awaitCluster() {
    await("a safe cluster of " + SIZE).atMost(STARTUP).pollInterval(Duration.ofMillis(500))
        .until(() -> IntStream.rangeClosed(1, SIZE).allMatch(this::seesWholeCluster));
  }

  /** Whether member {@code member} answers and sees all {@link #SIZE} members, with every backup in place. */
  boolean seesWholeCluster(int member) {
    Http.Reply view = admin(member, "/api/admin/cluster");
    if (view.status() != 200) {
      return false;
    }
    JsonNode cluster = view.json();
    return cluster.path("members").size() == SIZE && cluster.path("clusterSafe").asBoolean();
  }

  Http.Reply admin(int member, String path) {
    MemberProcess process = member(member);
    return Http.get(process.host(), process.httpPort(), path, "Authorization", "Bearer " + ItCluster.ADMIN_TOKEN);
  }

  /** config/hazelcast.yaml with the timings of the class comment; fails if the file no longer has the lines. */
  private static Path timedConfig() {
    Path root = MemberProcess.repositoryRoot();
    try {
      String yaml = Files.readString(root.resolve("config/hazelcast.yaml"));
      for (Map.Entry<String, String> timing : TIMINGS.entrySet()) {
        if (!yaml.contains(timing.getKey())) {
          throw new IllegalStateException("config/hazelcast.yaml no longer says '" + timing.getKey()
              + "': update FaultCluster.TIMINGS");
        }
        yaml = yaml.replace(timing.getKey(), timing.getValue());
      }
      Path file = root.resolve("web/target/it-logs/hazelcast-faults.yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
      return file;
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      started.forEach(MemberProcess::close);
      databaseProxy.close();
      database.close();
    } finally {
      lab.close();
    }
  }
}
