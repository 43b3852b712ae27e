package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules pass {@code promtool check rules}, and the scrape configuration that loads them
 * {@code promtool check config} (Debian's {@code prometheus} package;
 * {@code scripts/test.sh} installs it when it runs as root). Without promtool the test fails under CI
 * ({@code CI=true}) and is skipped, saying so, elsewhere.
 */
class AlertRulesTest {

  @Test
  void the_alert_rules_pass_promtool_check_rules() throws IOException, InterruptedException {
    Optional<Path> promtool = promtool();
    if (promtool.isEmpty()) {
      String missing = "promtool is not installed (apt-get install -y prometheus; scripts/test.sh does it as root)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + ": CI must check the alert rules");
      }
      Assumptions.abort(missing + ": alert rules not checked");
    }
    String rules = promtool(promtool.get(), "check", "rules", ObservabilityFilesTest.RULES.toString());
    assertThat(rules).containsPattern("SUCCESS: \\d+ rules found");
    // The scrape configuration of deploy/prometheus, with the rules file it loads.
    String config = promtool(promtool.get(), "check", "config", SCRAPE_CONFIG.toString());
    assertThat(config).contains("flashsale-rules.yaml").contains("SUCCESS");
  }

  private static final Path SCRAPE_CONFIG = Path.of("..", "deploy", "prometheus", "prometheus.yaml");

  /** Runs promtool and returns its output once it has succeeded. */
  private static String promtool(Path promtool, String... arguments) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(promtool.toString()));
    command.addAll(java.util.List.of(arguments));
    Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(check.exitValue()).as(output).isZero();
    return output;
  }

  private static Optional<Path> promtool() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
    return Stream.of(path.split(":")).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "promtool"))
        .filter(Files::isExecutable).findFirst();
  }
}
