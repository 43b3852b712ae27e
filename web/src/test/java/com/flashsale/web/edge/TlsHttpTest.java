package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.flashsale.web.ApiServer;
import com.flashsale.web.testing.EdgeCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from a configured PKCS12 keystore: a keystore made by {@code keytool} in the test, an API serving HTTPS
 * only with it, and a client that trusts exactly that certificate completes the handshake and gets answers.
 */
class TlsHttpTest {

  private static final String PASSWORD = "test-keystore-password";

  @TempDir
  Path directory;

  @Test
  void the_api_serves_https_from_the_configured_keystore() throws Exception {
    Path keystore = keystore();
    EdgeSettings settings = EdgeSettings.fromEnvironment(java.util.Map.of(
        "FLASHSALE_TLS_KEYSTORE", keystore.toString(), "FLASHSALE_TLS_KEYSTORE_PASSWORD", PASSWORD));
    try (ApiServer server = EdgeCluster.shared().start(0, settings)) {
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5)).build();

      HttpResponse<String> answer = client.send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/api/sales")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.sslSession()).hasValueSatisfying(session ->
          assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
      HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> untrusting.send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/health/live")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void a_keystore_that_is_not_there_fails_at_start_naming_the_setting() {
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(java.util.Map.of(
        "FLASHSALE_TLS_KEYSTORE", directory.resolve("missing.p12").toString(), "FLASHSALE_TLS_KEYSTORE_PASSWORD", PASSWORD)))
        .hasMessageContaining("FLASHSALE_TLS_KEYSTORE");
  }

  private Path keystore() throws IOException, InterruptedException {
    Path keystore = directory.resolve("api.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    assertThat(Files.size(keystore)).isPositive();
    return keystore;
  }

  private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trusted.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
