package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.ApiServer;
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
    if (server != null) {
      server.close();
    }
  }

  private static Answer listSales(String from, String... headers) {
    return RawHttp.sendFrom(from, server.port(), "GET", "/api/sales", List.of(headers), null);
  }

  @Test
  void from_a_trusted_proxy_each_forwarded_client_is_limited_on_its_own() {
    String first = "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
    String second = "2001:db8:1::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));

    List<Answer> firstCalls = List.of(listSales(PROXY, "X-Forwarded-For: " + first),
        listSales(PROXY, "X-Forwarded-For: " + first), listSales(PROXY, "X-Forwarded-For: " + first));
    Answer secondCall = listSales(PROXY, "Forwarded: for=\"[" + second + "]:4711\";proto=https");

    firstCalls.get(0).expect(200);
    assertRefusedAtLeastOnce(firstCalls);
    secondCall.expect(200);
  }

  @Test
  void hops_a_client_writes_left_of_the_proxys_own_entry_do_not_buy_it_a_new_bucket() {
    String client = "2001:db8:2::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));

    List<Answer> calls = List.of(listSales(PROXY, "X-Forwarded-For: 203.0.113.1, " + client),
        listSales(PROXY, "X-Forwarded-For: 203.0.113.2, " + client + ", fd00::7"),
        listSales(PROXY, "X-Forwarded-For: 203.0.113.3, " + client));

    calls.get(0).expect(200);
    assertRefusedAtLeastOnce(calls);
  }

  @Test
  void from_a_peer_that_is_not_trusted_the_forwarded_address_is_ignored() {
    List<Answer> calls = List.of(listSales(STRANGER, "X-Forwarded-For: 198.51.100.10"),
        listSales(STRANGER, "X-Forwarded-For: 198.51.100.11", "Forwarded: for=198.51.100.12"),
        listSales(STRANGER, "X-Forwarded-For: 198.51.100.13"));

    assertRefusedAtLeastOnce(calls);
  }

  /**
   * Three calls counted in one bucket of 1, refilled once a second, cannot all pass unless two seconds go by
   * between them; calls counted in buckets of their own would all pass.
   */
  private static void assertRefusedAtLeastOnce(List<Answer> calls) {
    assertThat(calls).as("calls counted against one address").anySatisfy(answer -> {
      answer.expectError(429, "RATE_LIMITED");
      assertThat(answer.header("Retry-After")).isPresent();
    });
    calls.stream().filter(answer -> answer.status() != 429).forEach(answer -> answer.expect(200));
  }
}
