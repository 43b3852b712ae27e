package com.flashsale.web.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The member processes of one test class: a cluster name, a Hazelcast port range and a PostgreSQL schema of
 * their own, so ITs never see each other's members or rows. Members start with the real
 * {@code scripts/start-node.sh}; {@link #close()} kills whatever is still running and drops the schema.
 */
final class ItCluster implements AutoCloseable {

  static final String ADMIN_TOKEN = "it-admin-token-0123456789";
  static final Duration STARTUP = Duration.ofSeconds(120);
  /** The most members a test runs at once, counting replacements: the TCP-IP member list covers them all. */
  private static final int PORT_SLOTS = 5;
  private static final int PORT_RANGES = 250;
  /**
   * The resource lock of the ITs that keep a crowd buying throughout, so that they never overlap: each judges
   * timings (heartbeats, takeovers, settling) that another crowd on the same cores would stretch. A precaution:
   * it keeps the two that use the most CPU in one lane, whatever the order.
   */
  static final String CROWD = "a crowd of shoppers buying throughout";
  /** Where this JVM's next cluster takes its port range: clusters of ITs running at once never share one. */
  private static final AtomicInteger NEXT_RANGE = new AtomicInteger(ThreadLocalRandom.current().nextInt(PORT_RANGES));
  /** The lines of a member's log that say what it knows of its cluster, printed when it is not there in time. */
  private static final Pattern CLUSTER_LINE = Pattern.compile(
      "Members \\{|Member \\[|MembershipManager|ClusterService|Migration|Partition| WARN | ERROR ");

  final ItDatabase database = new ItDatabase();
  final String clusterName = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final int basePort = 6701 + NEXT_RANGE.getAndIncrement() % PORT_RANGES * 10;
  private final List<MemberProcess> members = new CopyOnWriteArrayList<>();
  private final List<TcpProxy> proxies = new CopyOnWriteArrayList<>();
  private String databaseUrl = database.url;

  /**
   * A proxy between this cluster's members and PostgreSQL that the test can cut: members started from now on
   * reach the database through it. Closed with the cluster.
   */
  TcpProxy databaseBehindProxy() {
    TcpProxy proxy = TcpProxy.to(database.server().getHost(), database.server().getPort());
    proxies.add(proxy);
    databaseUrl(database.urlThrough(proxy.port()));
    return proxy;
  }

  /** Points members started from now on at another URL of the same database (a proxy). */
  ItCluster databaseUrl(String url) {
    databaseUrl = url;
    return this;
  }

  Map<String, String> environment() {
    String memberList = IntStream.range(basePort, basePort + PORT_SLOTS).mapToObj(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(","));
    return Map.of(
        "FLASHSALE_CLUSTER_NAME", clusterName,
        "FLASHSALE_HZ_PORT", String.valueOf(basePort),
        "FLASHSALE_MEMBERS", memberList,
        "FLASHSALE_DB_URL", databaseUrl,
        "FLASHSALE_DB_USER", database.user,
        "FLASHSALE_DB_PASSWORD", database.password,
        "FLASHSALE_DB_SCHEMA", database.schema,
        "FLASHSALE_ADMIN_TOKEN", ADMIN_TOKEN);
  }

  /** Starts one member without waiting for it. */
  MemberProcess start(String name) {
    return start(name, Map.of());
  }

  /** Starts one member with some settings of its own (e.g. its port) without waiting for it. */
  MemberProcess start(String name, Map<String, String> overrides) {
    Map<String, String> env = new java.util.HashMap<>(environment());
    env.putAll(overrides);
    MemberProcess member = MemberProcess.start(clusterName + "-" + name, env);
    members.add(member);
    return member;
  }

  /** The Hazelcast port of slot {@code slot} (0-based) of this cluster's member list. */
  String hazelcastPort(int slot) {
    return String.valueOf(basePort + slot);
  }

  /**
   * Starts {@code count} members one after the other, each once the previous one is ready (members joining
   * at the same moment on a small machine can miss each other's heartbeats and split), and returns when all
   * see each other.
   */
  List<MemberProcess> startReady(int count, String prefix) {
    List<MemberProcess> started = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      started.add(start(prefix + i).awaitReady(STARTUP));
    }
    awaitClusterOf(started);
    return started;
  }

  /**
   * Waits until every given member sees exactly these members and every partition has its backup. A timeout
   * says, on one line, what the first member that was not there yet last answered, and where its log is.
   */
  static void awaitClusterOf(List<MemberProcess> expected) {
    AtomicReference<NotThere> last = new AtomicReference<>();
    try {
      await("a safe cluster of " + expected.size() + " members").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
          .until(() -> expected.stream().allMatch(member -> {
            String missing = whatIsMissing(member, expected.size());
            if (missing != null) {
              last.set(new NotThere(member, missing));
            }
            return missing == null;
          }));
    } catch (ConditionTimeoutException timeout) {
      String noCluster = "no safe cluster of " + expected.size() + " members within " + STARTUP + ": ";
      if (last.get() == null) {
        throw new AssertionError(noCluster + "no member had answered yet", timeout);
      }
      MemberProcess member = last.get().member();
      printClusterLines(member);
      throw new AssertionError(noCluster + member.name() + (member.isAlive() ? "" : " (exited)") + ": "
          + last.get().answered().replace('\n', ' ') + " (log: " + member.log() + ")", timeout);
    }
  }

  /** A member that was not there yet, and what it answered instead. */
  private record NotThere(MemberProcess member, String answered) {}

  /**
   * Null when the member sees exactly {@code size} members in a safe cluster; else what it answered instead: its
   * member count, clusterSafe, localMemberSafe and migrations, or the failed call.
   */
  private static String whatIsMissing(MemberProcess member, int size) {
    Http.Reply reply = Http.get(member.httpPort(), "/api/admin/cluster", "Authorization", "Bearer " + ADMIN_TOKEN);
    if (reply.status() != 200) {
      return reply.toString();
    }
    JsonNode view = reply.json();
    if (view.path("members").size() == size && view.path("clusterSafe").asBoolean()) {
      return null;
    }
    return view.path("members").size() + " members, clusterSafe " + view.path("clusterSafe") + ", localMemberSafe "
        + view.path("localMemberSafe") + ", migrations " + view.path("migrations");
  }

  /**
   * The member's last lines about its cluster and partitions, and its warnings, on the test's output: the log
   * itself stays in the build directory, which a CI run does not keep.
   */
  private static void printClusterLines(MemberProcess member) {
    List<String> lines;
    try {
      lines = member.logText().lines().filter(line -> CLUSTER_LINE.matcher(line).find()).toList();
    } catch (UncheckedIOException unreadable) {
      System.err.println("--- " + member.name() + ": its log cannot be read: " + unreadable.getCause());
      return;
    }
    System.err.println("--- " + member.name() + ": its last lines on members, partitions and warnings ---");
    lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.err::println);
  }

  @Override
  public void close() throws Exception {
    try {
      members.forEach(MemberProcess::close);
      proxies.forEach(TcpProxy::close);
    } finally {
      database.close();
    }
  }
}
