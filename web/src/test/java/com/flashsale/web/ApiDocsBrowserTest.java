package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.Chromium;
import com.flashsale.web.testing.LiveServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /docs}: Swagger UI, served by the member from its webjar (no CDN), pointed at {@code /openapi.json}.
 * In headless Chromium the page must render the document: its title and the operations of the contract, and
 * no error of Swagger UI's own parser. The browser part is skipped, with a message saying so, only where
 * chromium is not installed ({@code scripts/test.sh} installs it). What it saw is saved to
 * {@code target/api-docs.png}.
 */
@ExtendWith(LiveServer.class)
class ApiDocsBrowserTest {

  private static final Duration RENDERED = Duration.ofSeconds(30);
  private static final Pattern LOCAL_ASSET = Pattern.compile("(?:src|href)=\"(/webjars/swagger-ui/[^\"]+)\"");

  private static Api api;

  @BeforeAll
  static void connect(Api server) {
    api = server;
  }

  @Test
  void the_docs_page_loads_swagger_ui_from_this_server_only() {
    Answer page = api.get("/docs");

    assertThat(page.status()).as(page.describe()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("url: '/openapi.json'").doesNotContain("http://").doesNotContain("https://")
        .doesNotContain("${");
    List<String> assets = new ArrayList<>();
    for (Matcher asset = LOCAL_ASSET.matcher(page.body()); asset.find(); ) {
      assets.add(asset.group(1));
    }
    assertThat(assets).as("Swagger UI's script and styles in " + page.body()).hasSize(2);
    for (String asset : assets) {
      Answer file = api.get(asset);
      assertThat(file.status()).as(file.describe()).isEqualTo(200);
      assertThat(file.body().length()).as("size of " + asset).isGreaterThan(100_000);
    }
  }

  @Test
  void swagger_ui_renders_the_document_in_a_browser() throws Exception {
    Path executable = Chromium.find().orElse(null);
    Assumptions.assumeTrue(executable != null,
        "chromium is not installed (apt-get install -y chromium; scripts/test.sh does it): API docs browser test skipped");
    JsonNode document = api.get("/openapi.json").expect(200);
    List<String> documentedPaths = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(documentedPaths::add);

    try (Chromium browser = Chromium.start(executable, 1400, 1000)) {
      browser.navigate(api.uri("/docs").toString());
      await().atMost(RENDERED).until(() -> browser.text(".swagger-ui .info .title")
          .startsWith(document.path("info").path("title").asText()));
      await().atMost(RENDERED).untilAsserted(() -> assertThat(renderedPaths(browser))
          .contains("/api/sales/{saleId}/orders", "/api/admin/sales/{saleId}/stats")
          .containsExactlyInAnyOrderElementsOf(documentedPaths));
      assertThat(browser.evaluate("document.querySelectorAll('.swagger-ui .errors-wrapper').length").asInt())
          .as("errors Swagger UI found in the document: " + browser.text(".swagger-ui .errors-wrapper")).isZero();
      Path screenshot = Path.of("target", "api-docs.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, browser.screenshot());
    }
  }

  /** The distinct paths of the operations Swagger UI rendered, as their {@code data-path} attributes name them. */
  private static List<String> renderedPaths(Chromium browser) {
    JsonNode paths = browser.evaluate("Array.from(new Set(Array.from(document.querySelectorAll("
        + "'.swagger-ui .opblock-summary-path')).map(path => path.getAttribute('data-path'))))");
    List<String> rendered = new ArrayList<>();
    paths.forEach(path -> rendered.add(path.asText()));
    return rendered;
  }
}
