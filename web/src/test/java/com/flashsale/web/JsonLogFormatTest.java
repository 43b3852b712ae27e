package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@code config/logback.xml}, the members' production logging, writes one JSON object per line with Logstash's
 * conventional field names, and the request id of the MDC as a field of its own.
 */
class JsonLogFormatTest {

  @Test
  void a_log_line_is_one_json_object_with_conventional_fields_and_the_request_id() throws Exception {
    List<JsonNode> lines = logWithProductionConfig(context -> {
      MDC.put("requestId", "req-42");
      try {
        context.getLogger("com.flashsale.web.Example").info("placed order {}", 7);
        context.getLogger("com.flashsale.web.Example").warn("store failed", new IllegalStateException("disk full"));
      } finally {
        MDC.remove("requestId");
      }
    });

    assertThat(lines).hasSize(2);
    JsonNode info = lines.get(0);
    assertThat(info.path("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    assertThat(info.path("level").asText()).isEqualTo("INFO");
    assertThat(info.path("logger_name").asText()).isEqualTo("com.flashsale.web.Example");
    assertThat(info.path("message").asText()).isEqualTo("placed order 7");
    assertThat(info.path("thread_name").asText()).isNotBlank();
    assertThat(info.path("requestId").asText()).isEqualTo("req-42");
    assertThat(lines.get(1).path("stack_trace").asText()).contains("IllegalStateException: disk full");
  }

  private static List<JsonNode> logWithProductionConfig(java.util.function.Consumer<LoggerContext> logging) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    // The same MDC as the application's loggers, so the request id the test puts there reaches this context.
    context.setMDCAdapter(MDC.getMDCAdapter());
    // The console appender picks System.out up when it starts, so point it at the buffer first.
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(Path.of("..", "config", "logback.xml").toFile());
      logging.accept(context);
    } finally {
      context.stop();
      System.setOut(original);
    }
    ObjectMapper json = new ObjectMapper();
    return captured.toString(StandardCharsets.UTF_8).lines().map(line -> {
      try {
        return json.readTree(line);
      } catch (java.io.IOException notJson) {
        throw new AssertionError("not a JSON line: " + line, notJson);
      }
    }).toList();
  }
}
