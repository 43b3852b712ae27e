package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The member's ahead-of-time cache as an operator makes and uses it: {@code scripts/train-aot.sh} trains one for
 * the jar, and a member that {@code scripts/start-node.sh} starts maps it. The member runs with
 * {@code -XX:AOTMode=on}, with which the JVM refuses to start rather than run without a cache it cannot use, and
 * its JVM's log says which cache it opened. Which cache the scripts pass (a fresh one; not a stale one, nor one when the
 * member's own options choose an archive) is checked on {@code scripts/lib/member.sh} itself. The training keeps
 * eight shoppers buying for its 10 s, so it never overlaps the ITs that judge timings under a crowd.
 */
@ResourceLock(ItCluster.CROWD)
class AotCacheIT {

  private static final Path ROOT = MemberProcess.repositoryRoot();
  private static final Path JAR = ROOT.resolve("web/target/flashsale.jar");
  /** The collector and layout are the shipped ones (ZGC, compact headers): the cache is made for them. */
  private static final String OPTIONS = "-Xmx768m";

  private final ItCluster cluster = new ItCluster();
  @TempDir
  Path dir;

  @AfterEach
  void stopMembersAndDropSchema() throws Exception {
    cluster.close();
  }

  @Test
  void a_member_started_with_the_trained_cache_maps_it_and_takes_orders() throws Exception {
    Path cache = dir.resolve("member.aot");
    Path trainingLog = dir.resolve("training.log");

    int exit = run(List.of("bash", "scripts/train-aot.sh", "10"),
        Map.of("FLASHSALE_AOT_CACHE", cache.toString(), "JAVA_OPTS", OPTIONS), trainingLog);

    assertThat(exit).as("train-aot.sh's exit; its output:%n%s", Files.readString(trainingLog)).isZero();
    assertThat(cache).as("the cache train-aot.sh wrote").isNotEmptyFile();
    Path aotLog = dir.resolve("member-aot.log");
    MemberProcess member = cluster.start("with-aot-cache", Map.of("FLASHSALE_AOT_CACHE", cache.toString(),
        "JAVA_OPTS", OPTIONS + " -XX:AOTMode=on -Xlog:aot:file=" + aotLog)).awaitReady(ItCluster.STARTUP);
    String saleId = Shop.createSale(member.httpPort(), Map.of("p0", 10), 1, 300);

    assertThat(Shop.place(member.httpPort(), saleId, "u1", "p0", 1).status()).isEqualTo(201);
    assertThat(Files.readString(aotLog)).as("the member's JVM on its AOT cache").contains("Opened AOT cache " + cache)
        .doesNotContain("[error", "[warning");
  }

  @Test
  void the_scripts_pass_a_cache_newer_than_the_jar_and_nothing_else() throws Exception {
    Path cache = Files.writeString(dir.resolve("member.aot"), "a cache");
    FileTime jarTime = Files.getLastModifiedTime(JAR);

    Files.setLastModifiedTime(cache, FileTime.from(jarTime.toInstant().plusSeconds(60)));
    assertThat(aotFlags(cache, "")).as("a cache newer than the jar").isEqualTo("-XX:AOTCache=" + cache);
    assertThat(aotFlags(cache, "-Xmx1g -XX:SharedArchiveFile=/tmp/other.jsa"))
        .as("JAVA_OPTS that choose an archive of their own").isEmpty();
    assertThat(aotFlags(cache, "-XX:AOTCacheOutput=/tmp/next.aot")).as("JAVA_OPTS that train a cache").isEmpty();
    assertThat(aotFlags(Path.of("none"), "")).as("FLASHSALE_AOT_CACHE=none").isEmpty();
    assertThat(aotFlags(dir.resolve("missing.aot"), "")).as("no cache").isEmpty();

    Files.setLastModifiedTime(cache, FileTime.from(Instant.EPOCH));
    assertThat(aotFlags(cache, "")).as("a cache older than the jar (made for an earlier build)").isEmpty();
  }

  /** What {@code aot_cache_flags} of scripts/lib/member.sh prints for this cache and these JAVA_OPTS words. */
  private String aotFlags(Path cache, String javaOptions) throws Exception {
    Path out = dir.resolve("flags.txt");
    int exit = run(List.of("bash", "-c", ". scripts/lib/member.sh && read -r -a opts <<<\"$JAVA_OPTS\" && "
        + "aot_cache_flags \"${opts[@]}\""), Map.of("FLASHSALE_AOT_CACHE", cache.toString(), "JAVA_OPTS", javaOptions), out);
    assertThat(exit).as("aot_cache_flags' exit; its output: %s", Files.readString(out)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8).strip();
  }

  private static int run(List<String> command, Map<String, String> env, Path output) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
