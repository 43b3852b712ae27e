package com.flashsale.web.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The class data archive (CDS) the members of the ITs map when they start. The ITs start about thirty members,
 * most of them while other members run on the same cores, and a member spends most of its start loading and
 * verifying classes (Hazelcast, Jet, Javalin, Jackson, ours): on a 2-core machine one member was ready in 7.3 s
 * of 10.6 s CPU without the archive and in 4.1 s of 5.5 s with it. The first member a run starts asks for it: one
 * member started and stopped gracefully writes it ({@code -XX:ArchiveClassesAtExit}), again whenever the jar is
 * newer than the archive. Only a JVM with compressed oops can map it (the serial collector of
 * {@link MemberProcess#javaOptions()}, not ZGC); a member that cannot map it starts as it would without.
 */
final class ClassArchive {

  private static final Path ROOT = MemberProcess.repositoryRoot();
  private static final Path FILE = ROOT.resolve("web/target/it-logs/member-classes.jsa");
  private static final Path JAR = ROOT.resolve("web/target/flashsale.jar");
  private static String option;

  private ClassArchive() {}

  /** The JVM option that maps the archive, written first if need be; empty if it could not be written. */
  static synchronized String option() {
    if (option == null) {
      // -Xlog:cds=off: every member would open its log with "[error][cds] Mismatched values for property
      // jdk.module.addexports ... Disabling optimized module handling" (the JDK's base archive was written without
      // Hazelcast's module flags), which only means the module graph is not taken from the archive; classes are.
      option = isFresh() || write() ? "-XX:SharedArchiveFile=" + FILE + " -Xlog:cds=off" : "";
    }
    return option;
  }

  private static boolean isFresh() {
    try {
      return Files.exists(FILE) && Files.getLastModifiedTime(FILE).compareTo(Files.getLastModifiedTime(JAR)) > 0;
    } catch (IOException unreadable) {
      return false;
    }
  }

  /** Starts one member of a cluster and schema of its own, stops it, and keeps the archive its JVM wrote at exit. */
  private static boolean write() {
    Path written = FILE.resolveSibling(FILE.getFileName() + ".new");
    try (ItCluster cluster = new ItCluster()) {
      Files.createDirectories(FILE.getParent());
      Files.deleteIfExists(written);
      MemberProcess member = cluster.start("class-archive",
          Map.of("JAVA_OPTS", MemberProcess.HEAP_AND_COLLECTOR + " -XX:ArchiveClassesAtExit=" + written));
      try {
        member.awaitReady(ItCluster.STARTUP);
      } finally {
        member.stop();
      }
      if (Files.exists(written)) {
        Files.move(written, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
      }
      System.out.println("ClassArchive: the member wrote no archive; members start without one");
    } catch (Exception failed) {
      System.out.println("ClassArchive: members start without an archive: " + failed);
    }
    return false;
  }
}
