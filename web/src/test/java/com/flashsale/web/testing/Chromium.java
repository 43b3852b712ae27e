package com.flashsale.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A headless Chromium (Debian's {@code chromium} package) driven over the Chrome DevTools Protocol with the
 * JDK's own HTTP client and WebSocket: navigate, evaluate JavaScript, take a screenshot. Nothing is downloaded;
 * {@link #find()} tells whether the browser is installed, so a test can skip with a clear message.
 */
public final class Chromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTED = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

  private Chromium(Process process, Path profile, URI pageSocket) {
    this.process = process;
    this.profile = profile;
    this.page = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(pageSocket, new Replies()).join();
  }

  /** The chromium executable on the PATH (or /usr/bin), if installed. */
  public static Optional<Path> find() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/bin";
    return Stream.of(path.split(":")).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "chromium"))
        .filter(Files::isExecutable).findFirst();
  }

  /** Starts the browser with a fresh profile, {@code width}×{@code height}, and connects to its blank page. */
  public static Chromium start(Path executable, int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Process process = new ProcessBuilder(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1", "--window-size=" + width + "," + height, "about:blank"))
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    try {
      Path activePort = profile.resolve("DevToolsActivePort");
      Awaitility.await().atMost(STARTED).until(() -> Files.exists(activePort) && Files.readAllLines(activePort).size() >= 2);
      int port = Integer.parseInt(Files.readAllLines(activePort).get(0).trim());
      return new Chromium(process, profile, pageSocket(port));
    } catch (RuntimeException failed) {
      process.destroyForcibly();
      throw failed;
    }
  }

  private static URI pageSocket(int port) {
    HttpClient client = HttpClient.newHttpClient();
    return Awaitility.await().atMost(STARTED).ignoreExceptions().until(() -> {
      HttpResponse<String> targets = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(targets.body())) {
        if (target.path("type").asText().equals("page")) {
          return URI.create(target.path("webSocketDebuggerUrl").asText());
        }
      }
      return null;
    }, uri -> uri != null);
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    page.sendText(command.toString(), true).join();
    JsonNode answer = reply.orTimeout(30, TimeUnit.SECONDS).join();
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.path("error"));
    }
    return answer.path("result");
  }

  public void navigate(String url) {
    call("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression in the page (awaited if it is a promise). */
  public JsonNode evaluate(String expression) {
    JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** The text of the first element matching {@code selector}, or "" when there is none. */
  public String text(String selector) {
    return evaluate("(document.querySelector(" + JSON.valueToTree(selector) + ") || {}).textContent || ''").asText();
  }

  public byte[] screenshot() {
    return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
  }

  /**
   * Stops the browser and every process it started (its network and renderer helpers outlive a killed parent
   * and go on writing to the profile), then removes the profile. A file that vanishes while the profile is being
   * removed is one fewer to delete, not a failure.
   */
  @Override
  public void close() throws IOException {
    page.abort();
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    helpers.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle helper : helpers) {
        helper.onExit().completeOnTimeout(helper, 5, TimeUnit.SECONDS).join();
        helper.destroyForcibly();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    deleteTree(profile);
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException failed) throws IOException {
        if (failed instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw failed;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path directory, IOException failed) throws IOException {
        if (failed != null && !(failed instanceof NoSuchFileException)) {
          throw failed;
        }
        try {
          Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException lateWrite) {
          // A helper wrote one last file after it was told to stop; the temporary directory is left to the OS.
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Collects text frames (a message may come in several) and completes the call each reply answers. */
  private final class Replies implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode reply = JSON.readTree(message.toString());
          if (reply.has("id")) {
            Optional.ofNullable(replies.remove(reply.path("id").asInt())).ifPresent(future -> future.complete(reply));
          }
        } catch (IOException unreadable) {
          // An event we cannot parse is one we do not wait for.
        }
        message.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
