package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.ApiServer;
import com.flashsale.web.EdgeSettings;
import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.EdgeCluster;
import com.flashsale.web.testing.RawHttp;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code FLASHSALE_TRUSTED_PROXIES} against a real API whose per-address limit (1 call, refilled each second)
 * shows whom it counts: a forwarded client address is believed from a trusted proxy (each forwarded client has
 * a bucket of its own, and hops the client wrote itself change nothing) and ignored from any other peer (every
 * request counts against the peer). The test speaks from two loopback addresses: 127.0.0.2 is the trusted
 * proxy, 127.0.0.3 a stranger.
 */
class TrustedProxiesHttpTest {

  private static final String PROXY = "127.0.0.2";
  private static final String STRANGER = "127.0.0.3";

  private static ApiServer server;

  @BeforeAll
  static void start() {
    server = EdgeCluster.shared().start(0, EdgeSettings.defaults()
        .withRates(null, new EdgeSettings.Rate(1, 1))
        .withTrustedProxies(PROXY + "/32, fd00::/8"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Answer listSales(String from, String... headers) {
    return RawHttp.sendFrom(from, server.port(), "GET", "/api/sales", List.of(headers), null);
  }

  @Test
  void from_a_trusted_proxy_each_forwarded_client_is_limited_on_its_own() {
    String first = "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
    String second = "2001:db8:1::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));

    Answer firstCall = listSales(PROXY, "X-Forwarded-For: " + first);
    Answer firstAgain = listSales(PROXY, "X-Forwarded-For: " + first);
    Answer secondCall = listSales(PROXY, "Forwarded: for=\"[" + second + "]:4711\";proto=https");

    firstCall.expect(200);
    firstAgain.expectError(429, "RATE_LIMITED");
    assertThat(firstAgain.header("Retry-After")).isPresent();
    secondCall.expect(200);
  }

  @Test
  void hops_a_client_writes_left_of_the_proxys_own_entry_do_not_buy_it_a_new_bucket() {
    String client = "2001:db8:2::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));

    listSales(PROXY, "X-Forwarded-For: 203.0.113.1, " + client).expect(200);
    Answer spoofed = listSales(PROXY, "X-Forwarded-For: 203.0.113.2, " + client + ", fd00::7");

    spoofed.expectError(429, "RATE_LIMITED");
  }

  @Test
  void from_a_peer_that_is_not_trusted_the_forwarded_address_is_ignored() {
    Answer first = listSales(STRANGER, "X-Forwarded-For: 198.51.100.10");
    Answer second = listSales(STRANGER, "X-Forwarded-For: 198.51.100.11", "Forwarded: for=198.51.100.12");

    assertThat(List.of(first.status(), second.status())).as("both count against " + STRANGER).contains(429);
    (first.status() == 429 ? first : second).expectError(429, "RATE_LIMITED");
  }
}
