package com.flashsale.web.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One real member in its own JVM, started by {@code scripts/start-node.sh} (as an operator would) with the
 * environment a test gives it, its output in {@code target/it-logs}. {@link #kill()} is kill -9;
 * {@link #stop()} is SIGTERM.
 */
public final class MemberProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Room for several members on one machine. */
  static final String HEAP_AND_COLLECTOR = "-Xmx384m -XX:+UseSerialGC";

  private final String name;
  private final String host;
  private final int httpPort;
  private final Process process;
  private final Path log;

  private MemberProcess(String name, String host, int httpPort, Process process, Path log) {
    this.name = name;
    this.host = host;
    this.httpPort = httpPort;
    this.process = process;
    this.log = log;
  }

  /** Starts a member; {@code env} adds to or overrides the defaults (a free HTTP port is chosen here). */
  public static MemberProcess start(String name, Map<String, String> env) {
    return start(name, env, List.of(), "127.0.0.1");
  }

  /**
   * Starts a member under a command prefix (e.g. {@code ip netns exec <namespace>}, which execs the script, so
   * the process is still the member's JVM) whose API the host reaches at {@code host}; {@code env} may set
   * {@code FLASHSALE_HTTP_PORT}, else a port free here is chosen.
   */
  public static MemberProcess start(String name, Map<String, String> env, List<String> prefix, String host) {
    Path root = repositoryRoot();
    int httpPort = env.containsKey("FLASHSALE_HTTP_PORT") ? Integer.parseInt(env.get("FLASHSALE_HTTP_PORT")) : freePort();
    Path log = root.resolve("web/target/it-logs/" + name + "-" + httpPort + ".log");
    if (Files.exists(log)) {
      // A restart on the same port (a member in its own namespace keeps its port) keeps the earlier log.
      log = root.resolve("web/target/it-logs/" + name + "-" + httpPort + "-" + System.currentTimeMillis() + ".log");
    }
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("bash", root.resolve("scripts/start-node.sh").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("FLASHSALE_HTTP_PORT", String.valueOf(httpPort));
    builder.environment().put("FLASHSALE_LOG_FORMAT", "text");
    if (!env.containsKey("JAVA_OPTS")) {
      builder.environment().put("JAVA_OPTS", javaOptions());
    }
    // The load of the ITs places orders for a few hundred users as fast as it can: the contract's per-user rate
    // would refuse some with 429, which the ITs count as violations. They test the grid, not the rate.
    builder.environment().put("FLASHSALE_RATE_USER_PER_SECOND", "0");
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      return new MemberProcess(name, host, httpPort, builder.start(), log);
    } catch (IOException failed) {
      throw new UncheckedIOException("cannot start member " + name, failed);
    }
  }

  /** A member's JVM options in the ITs, unless a test sets its own: {@link #HEAP_AND_COLLECTOR}, {@link ClassArchive}. */
  static String javaOptions() {
    return (HEAP_AND_COLLECTOR + " " + ClassArchive.option()).strip();
  }

  public MemberProcess awaitReady(Duration timeout) {
    await("member " + name + " ready (log: " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("member " + name + " exited with " + process.exitValue() + "; see " + log);
          }
          return status("/health/ready") == 200;
        });
    return this;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The address the host reaches the member's API at. */
  public String host() {
    return host;
  }

  public String name() {
    return name;
  }

  public URI uri(String path) {
    return URI.create("http://" + host + ":" + httpPort + path);
  }

  /** Where the member's output goes. */
  public Path log() {
    return log;
  }

  /** What the member has written to its log so far. */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9 of the JVM (and the script's process, which exec'd into it). */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    waitForExit();
  }

  /** SIGTERM: the member stops its API, then leaves the cluster gracefully. */
  public int stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    return waitForExit();
  }

  private int waitForExit() {
    try {
      return process.waitFor(Duration.ofSeconds(150).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          ? process.exitValue() : -1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private int status(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException unreachable) {
      return -1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.exists(here.resolve("scripts/start-node.sh"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return here;
  }
}
