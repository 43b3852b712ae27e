package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard ({@code deploy/grafana/flashsale.json}) and the Prometheus alert rules
 * ({@code deploy/prometheus/flashsale-rules.yaml}) name only metrics that a live member's {@code /metrics}
 * exposes, so a renamed metric breaks this test instead of silently emptying a panel or an alert; and neither
 * is built on the re-persist or repair figures, which are going away.
 */
@ExtendWith(LiveServer.class)
class ObservabilityFilesTest {

  static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "flashsale.json");
  static final Path RULES = Path.of("..", "deploy", "prometheus", "flashsale-rules.yaml");
  /** Series Prometheus makes itself rather than scrapes. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");
  private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

  private static Set<String> exposed;

  /** A little traffic first: some series (HTTP, placements, connections) exist only once they have been used. */
  @BeforeAll
  static void scrapeAfterSomeTraffic(Api api) {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 2).perUserLimit(1));
    api.placed(saleId, "observability-user", "tee", 1);
    api.get("/api/orders/1-0").expectError(404, "ORDER_NOT_FOUND");
    Answer metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    exposed = metrics.body().lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void every_metric_the_dashboard_plots_is_exposed_by_a_live_member() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets").size()).as("queries of panel '%s'", panel.path("title").asText()).isPositive();
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      Matcher labelValues = Pattern.compile("label_values\\((\\w+)").matcher(variable.path("definition").asText());
      if (labelValues.find()) {
        expressions.add(labelValues.group(1));
      }
    }

    Set<String> named = metricNames(expressions);

    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(10);
    assertThat(named).contains("flashsale_cluster_members", "flashsale_writebehind_backlog", "http_server_requests_seconds_bucket",
        "hikaricp_connections_active", "jetty_threads_busy", "cache_gets_total");
    assertThat(exposed).as("/metrics of a live member").containsAll(named);
    assertThat(named).noneMatch(ObservabilityFilesTest::goingAway);
  }

  @Test
  void every_metric_the_alert_rules_use_is_exposed_by_a_live_member() throws IOException {
    Set<String> named = metricNames(ruleExpressions(Files.readAllLines(RULES)));

    assertThat(named).contains("flashsale_cluster_members", "flashsale_cluster_safe", "flashsale_writebehind_backlog",
        "http_server_requests_seconds_count", "flashsale_orders_placements_total", "jvm_memory_used_bytes");
    Set<String> scraped = new TreeSet<>(named);
    scraped.removeAll(PROMETHEUS_OWN);
    assertThat(exposed).as("/metrics of a live member").containsAll(scraped);
    assertThat(named).noneMatch(ObservabilityFilesTest::goingAway);
  }

  @Test
  void the_name_extraction_finds_metrics_and_nothing_else() {
    assertThat(metricNames(List.of(
        "histogram_quantile(0.99, sum by (le) (rate(a_bucket{uri=\"/x/{id}\", job=~\"$job\"}[5m]))) > 0.5",
        "sum by (instance) (b_used{area=\"heap\"}) / sum by (instance) (c_max > 0) and on(instance) up == 0")))
        .containsExactlyInAnyOrder("a_bucket", "b_used", "c_max", "up");
  }

  private static boolean goingAway(String metric) {
    return metric.contains("repersist") || metric.contains("repair");
  }

  /** The metric names in PromQL expressions: identifiers left once strings, matchers, ranges and groupings are gone. */
  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    for (String expression : expressions) {
      String bare = expression
          .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "")
          .replaceAll("\\{[^}]*}", "")
          .replaceAll("\\[[^]]*]", "")
          .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
      Matcher identifier = IDENTIFIER.matcher(bare);
      while (identifier.find()) {
        if (!PROMQL_WORDS.contains(identifier.group(1).toLowerCase(java.util.Locale.ROOT))) {
          names.add(identifier.group(1));
        }
      }
    }
    return names;
  }

  /** Each rule's {@code expr}, inline or as a {@code |} block (the lines indented deeper than the key). */
  static List<String> ruleExpressions(List<String> lines) {
    List<String> expressions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (!trimmed.startsWith("expr:")) {
        continue;
      }
      String inline = trimmed.substring("expr:".length()).strip();
      if (!inline.equals("|") && !inline.equals(">")) {
        expressions.add(inline);
        continue;
      }
      int indent = line.indexOf("expr:");
      StringBuilder block = new StringBuilder();
      while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
        block.append(lines.get(++i).strip()).append(' ');
      }
      expressions.add(block.toString());
    }
    assertThat(expressions).as("expressions in the rules").isNotEmpty().noneMatch(String::isBlank);
    return expressions;
  }
}
