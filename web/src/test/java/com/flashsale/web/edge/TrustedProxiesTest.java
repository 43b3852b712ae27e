package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who the client is behind trusted proxies: the rightmost forwarded hop that is not itself a trusted proxy,
 * IPv4 and IPv6 alike; from a peer that is not trusted the forwarding headers count for nothing.
 */
class TrustedProxiesTest {

  private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.5, fd00::/8, ::1");

  @Test
  void from_an_untrusted_peer_the_forwarded_headers_are_ignored() {
    assertThat(proxies.client("203.0.113.9", List.of("198.51.100.1"), List.of("for=198.51.100.2"))).isEqualTo("203.0.113.9");
  }

  @Test
  void from_a_trusted_peer_the_client_is_the_rightmost_hop_that_is_not_a_trusted_proxy() {
    assertThat(proxies.client("10.1.2.3", List.of("6.6.6.6, 198.51.100.7, 10.9.9.9"), List.of())).isEqualTo("198.51.100.7");
    assertThat(proxies.client("192.168.1.5", List.of("6.6.6.6", "198.51.100.8:4711"), List.of())).isEqualTo("198.51.100.8");
    assertThat(proxies.client("10.1.2.3", List.of(), List.of("for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https")))
        .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    assertThat(proxies.client("fd12::1", List.of("2001:db8::5, fd00::9"), List.of())).isEqualTo("2001:db8:0:0:0:0:0:5");
  }

  @Test
  void x_forwarded_for_is_read_before_forwarded_and_missing_headers_leave_the_peer() {
    assertThat(proxies.client("10.1.2.3", List.of("198.51.100.1"), List.of("for=198.51.100.2"))).isEqualTo("198.51.100.1");
    assertThat(proxies.client("10.1.2.3", List.of(), List.of())).isEqualTo("10.1.2.3");
  }

  @Test
  void a_hop_that_is_no_address_is_represented_by_the_trusted_proxy_that_reported_it() {
    assertThat(proxies.client("10.1.2.3", List.of("198.51.100.1, unknown, 10.4.4.4"), List.of())).isEqualTo("10.4.4.4");
    assertThat(proxies.client("10.1.2.3", List.of("evil.example.com"), List.of())).isEqualTo("10.1.2.3");
  }

  @Test
  void when_every_hop_is_a_trusted_proxy_the_leftmost_is_the_client() {
    assertThat(proxies.client("10.1.2.3", List.of("10.7.7.7, 192.168.1.5"), List.of())).isEqualTo("10.7.7.7");
  }

  @Test
  void ranges_match_on_their_prefix_bits_only() {
    TrustedProxies narrow = TrustedProxies.parse("172.16.0.0/12");

    assertThat(narrow.client("172.31.255.255", List.of("198.51.100.1"), List.of())).isEqualTo("198.51.100.1");
    assertThat(narrow.client("172.32.0.1", List.of("198.51.100.1"), List.of())).isEqualTo("172.32.0.1");
  }
}
