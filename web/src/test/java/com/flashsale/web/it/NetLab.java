package com.flashsale.web.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real network for member processes: one network namespace per member ({@code fsnet-m1}, ...), each with a
 * veth pair to a bridge ({@code fsnet-br0}, 10.77.0.0/24) on which the host has 10.77.0.1, so that the host
 * drives every member's API and serves PostgreSQL (through a proxy bound to that address). Faults are iptables
 * rules inside a member's namespace, so they touch nothing outside the namespaces this class made:
 * {@link #isolate} drops the member's traffic to the other members (the host still reaches it, as a client on
 * the minority side would), {@link #cutFrom} drops its traffic to one port of the host (PostgreSQL),
 * {@link #slowLink} drops a share of its outgoing packets and holds the rest for a delay
 * ({@code scripts/lib/delayline.py} on an NFQUEUE: this kernel has no {@code sch_netem}).
 *
 * <p>Needs root. When a namespace cannot be made, {@link #create} fails with the command's output: the harness
 * never skips. {@link #close} (also run by a shutdown hook) deletes every namespace, which takes its veth and
 * its rules with it, and the bridge; {@link #removeLeftovers} does the same for a run that died before.
 */
final class NetLab implements AutoCloseable {

  static final String PREFIX = "fsnet-";
  static final String BRIDGE = PREFIX + "br0";
  static final String HOST_ADDRESS = "10.77.0.1";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  private final int members;
  private final Map<Integer, Process> delayLines = new HashMap<>();
  private final Thread cleanupOnExit = new Thread(this::removeEverything, "netlab-cleanup");

  private NetLab(int members) {
    this.members = members;
  }

  /** Builds the bridge and {@code members} namespaces, after removing whatever an earlier run left. */
  static NetLab create(int members) {
    removeLeftovers();
    NetLab lab = new NetLab(members);
    Runtime.getRuntime().addShutdownHook(lab.cleanupOnExit);
    try {
      run("ip", "link", "add", BRIDGE, "type", "bridge");
      run("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", BRIDGE);
      run("ip", "link", "set", BRIDGE, "up");
      for (int member = 1; member <= members; member++) {
        lab.addNamespace(member);
      }
      return lab;
    } catch (RuntimeException failed) {
      lab.close();
      throw failed;
    }
  }

  private void addNamespace(int member) {
    String namespace = namespace(member);
    String hostSide = PREFIX + "m" + member + "h";
    run("ip", "netns", "add", namespace);
    run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", namespace);
    run("ip", "link", "set", hostSide, "master", BRIDGE, "up");
    run("ip", "-n", namespace, "addr", "add", address(member) + "/24", "dev", "eth0");
    run("ip", "-n", namespace, "link", "set", "eth0", "up");
    run("ip", "-n", namespace, "link", "set", "lo", "up");
  }

  static String namespace(int member) {
    return PREFIX + "m" + member;
  }

  /** Member {@code member}'s address (1-based): 10.77.0.11, .12, ... */
  static String address(int member) {
    return "10.77.0." + (10 + member);
  }

  /** What runs a command inside the member's namespace (it execs the command: the process stays the command). */
  List<String> prefix(int member) {
    return List.of("ip", "netns", "exec", namespace(member));
  }

  /** Drops every packet between {@code member} and the other members, both ways; the host still reaches it. */
  void isolate(int member) {
    for (int other = 1; other <= members; other++) {
      if (other != member) {
        iptables(member, "-A", "INPUT", "-s", address(other), "-j", "DROP");
        iptables(member, "-A", "OUTPUT", "-d", address(other), "-j", "DROP");
      }
    }
  }

  /** Drops every packet between {@code member} and the host's {@code port} (PostgreSQL's proxy), both ways. */
  void cutFrom(int member, int port) {
    iptables(member, "-A", "OUTPUT", "-d", HOST_ADDRESS, "-p", "tcp", "--dport", String.valueOf(port), "-j", "DROP");
    iptables(member, "-A", "INPUT", "-s", HOST_ADDRESS, "-p", "tcp", "--sport", String.valueOf(port), "-j", "DROP");
  }

  /**
   * What {@code tc netem delay <delay> loss <loss>} does on the member's link, on its outgoing packets: a share
   * {@code loss} dropped at random, the rest held for {@code delay} by a delay line in the namespace.
   */
  void slowLink(int member, Duration delay, double loss) {
    Path script = MemberProcess.repositoryRoot().resolve("scripts/lib/delayline.py");
    List<String> command = new ArrayList<>(prefix(member));
    command.addAll(List.of("python3", script.toString(), "0", String.valueOf(delay.toMillis())));
    try {
      Process line = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(MemberProcess.repositoryRoot().resolve("web/target/it-logs/delayline-m" + member + ".log").toFile())
          .start();
      delayLines.put(member, line);
    } catch (IOException failed) {
      throw new UncheckedIOException("cannot start the delay line for member " + member, failed);
    }
    iptables(member, "-A", "OUTPUT", "-o", "eth0", "-m", "statistic", "--mode", "random", "--probability",
        String.valueOf(loss), "-j", "DROP");
    // --queue-bypass: should the delay line die, packets pass undelayed instead of being dropped.
    iptables(member, "-A", "OUTPUT", "-o", "eth0", "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass");
  }

  /** Removes every fault of {@code member}: its rules and its delay line. */
  void heal(int member) {
    iptables(member, "-F", "INPUT");
    iptables(member, "-F", "OUTPUT");
    Process line = delayLines.remove(member);
    if (line != null) {
      line.destroy();
    }
  }

  void healAll() {
    for (int member = 1; member <= members; member++) {
      heal(member);
    }
  }

  /** The rules in force in a member's namespace, for a failure message. */
  String rules(int member) {
    return run(concat(prefix(member), List.of("iptables", "-S")));
  }

  private void iptables(int member, String... arguments) {
    run(concat(prefix(member), concat(List.of("iptables", "-w"), List.of(arguments))));
  }

  @Override
  public void close() {
    removeEverything();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing left to remove.
      return;
    }
  }

  private void removeEverything() {
    delayLines.values().forEach(Process::destroyForcibly);
    delayLines.clear();
    removeLeftovers();
  }

  /** Deletes every namespace and the bridge this class makes, whoever made them; errors are ignored. */
  static void removeLeftovers() {
    String namespaces = runQuietly(List.of("ip", "netns", "list"));
    for (String line : namespaces.lines().toList()) {
      String name = line.split("\\s+")[0];
      if (name.startsWith(PREFIX)) {
        runQuietly(List.of("ip", "netns", "pids", name)).lines()
            .forEach(pid -> runQuietly(List.of("kill", "-9", pid.trim())));
        runQuietly(List.of("ip", "netns", "del", name));
      }
    }
    runQuietly(List.of("ip", "link", "del", BRIDGE));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static String run(String... command) {
    return run(List.of(command));
  }

  /** Runs a command and returns its output; fails, with the output, unless it exits 0. */
  private static String run(List<String> command) {
    Result result = execute(command);
    if (result.exitCode != 0) {
      throw new IllegalStateException("`" + String.join(" ", command) + "` failed (" + result.exitCode + "): "
          + result.output.strip() + " (the network fault harness needs root, iproute2 and iptables)");
    }
    return result.output;
  }

  private static String runQuietly(List<String> command) {
    Result result = execute(command);
    return result.exitCode == 0 ? result.output : "";
  }

  private record Result(int exitCode, String output) {}

  private static Result execute(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + COMMAND_TIMEOUT);
      }
      return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException failed) {
      return new Result(-1, failed.toString());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
