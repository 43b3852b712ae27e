package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way of running a member passes the JVM flags the scripts pass ({@code scripts/lib/java.sh}): Hazelcast's
 * module flags, the collector chosen by measurement and the object layout. The systemd unit and the image's
 * entrypoint spell them out; without this check they had drifted (both ran on the JVM's default collector).
 */
class MemberFlagsTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern ARG = Pattern.compile("<arg>([^<]*)</arg>");

  @ParameterizedTest
  @ValueSource(strings = {"FLASHSALE_HAZELCAST_JVM_FLAGS", "FLASHSALE_COLLECTOR_FLAGS", "FLASHSALE_LAYOUT_FLAGS"})
  void the_systemd_unit_and_the_image_pass_the_flags_of_the_scripts(String array) throws IOException {
    List<String> flags = scriptArray(array);
    assertThat(flags).as(array + " in scripts/lib/java.sh").isNotEmpty();
    assertThat(systemdCommand()).as("ExecStart of deploy/systemd/flashsale.service").containsSequence(flags);
    assertThat(imageEntrypoint()).as("the image's entrypoint in web/pom.xml").containsSequence(flags);
  }

  /** The words of a bash array assignment {@code NAME=( ... )} in java.sh, comments left out. */
  private static List<String> scriptArray(String name) throws IOException {
    String script = Files.readString(ROOT.resolve("scripts/lib/java.sh"));
    Matcher assignment = Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)").matcher(script);
    assertThat(assignment.find()).as(name + " assigned in scripts/lib/java.sh").isTrue();
    return words(assignment.group(1).replaceAll("(?m)#.*$", ""));
  }

  /** The unit's ExecStart, its continuation lines joined. */
  private static List<String> systemdCommand() throws IOException {
    String unit = Files.readString(ROOT.resolve("deploy/systemd/flashsale.service")).replace("\\\n", " ");
    String execStart = unit.lines().filter(line -> line.startsWith("ExecStart=")).findFirst().orElseThrow();
    return words(execStart.substring("ExecStart=".length()));
  }

  private static List<String> imageEntrypoint() throws IOException {
    String pom = Files.readString(ROOT.resolve("web/pom.xml"));
    String entrypoint = pom.substring(pom.indexOf("<entrypoint>"), pom.indexOf("</entrypoint>"));
    return ARG.matcher(entrypoint).results().map(arg -> arg.group(1).trim()).toList();
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
  }
}
