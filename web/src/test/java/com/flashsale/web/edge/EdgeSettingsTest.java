package com.flashsale.web.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edge's settings: by default only the per-user placement rate (5/s, bursts of 10) and shedding are on;
 * bad values are named at start.
 */
class EdgeSettingsTest {

  @Test
  void by_default_the_api_is_open_limits_each_user_to_5_placements_a_second_and_sheds_past_512() {
    EdgeSettings settings = EdgeSettings.defaults();

    assertThat(settings.authenticatesShoppers()).isFalse();
    assertThat(settings.userRate()).isEqualTo(new EdgeSettings.Rate(5, 10));
    assertThat(settings.ipRate()).isNull();
    assertThat(settings.trustedProxies().isEmpty()).isTrue();
    assertThat(settings.challenge()).isEqualTo(EdgeSettings.ChallengeMode.PER_SALE);
    assertThat(settings.maxInFlight()).isEqualTo(512);
    assertThat(settings.tls()).isNull();
    assertThat(settings.maxRequestHeaderBytes()).isEqualTo(8192);
  }

  @Test
  void a_rate_of_zero_is_off_and_a_burst_defaults_to_twice_the_rate() {
    EdgeSettings settings = EdgeSettings.fromEnvironment(Map.of("FLASHSALE_RATE_USER_PER_SECOND", "0",
        "FLASHSALE_RATE_IP_PER_SECOND", "20"));

    assertThat(settings.userRate()).isNull();
    assertThat(settings.ipRate()).isEqualTo(new EdgeSettings.Rate(20, 40));
    assertThat(EdgeSettings.fromEnvironment(Map.of("FLASHSALE_RATE_USER_BURST", "25")).userRate())
        .isEqualTo(new EdgeSettings.Rate(5, 25));
  }

  @Test
  void a_jwks_url_alone_checks_tokens_with_the_issuers_published_keys() {
    EdgeSettings settings = EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_JWKS_URL", "https://id.example.com/jwks.json",
        "FLASHSALE_JWT_ISSUER", "https://id.example.com"));

    assertThat(settings.authenticatesShoppers()).isTrue();
    assertThat(settings.jwt().jwksUrl()).hasToString("https://id.example.com/jwks.json");
    assertThat(settings.jwt().issuer()).isEqualTo("https://id.example.com");
    assertThat(settings.toString()).contains("jwt=JWKS");
  }

  @Test
  void a_jwks_url_with_a_pem_key_or_a_shared_secret_stops_the_member_at_start() {
    String pem = "-----BEGIN PUBLIC KEY-----x-----END PUBLIC KEY-----";

    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_JWKS_URL", "https://id.example.com/jwks.json",
        "FLASHSALE_JWT_SECRET", "a-shopper-token-secret-of-at-least-32-bytes")))
        .hasMessageContaining("FLASHSALE_JWT_JWKS_URL").hasMessageContaining("FLASHSALE_JWT_SECRET");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_JWKS_URL", "https://id.example.com/jwks.json",
        "FLASHSALE_JWT_PUBLIC_KEY", pem)))
        .hasMessageContaining("FLASHSALE_JWT_JWKS_URL").hasMessageContaining("FLASHSALE_JWT_PUBLIC_KEY");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_JWKS_URL", "ftp://id.example.com/jwks")))
        .hasMessageStartingWith("FLASHSALE_JWT_JWKS_URL must be an http(s) URL");
  }

  @Test
  void bad_values_fail_fast_naming_the_variable() {
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_SECRET", "short")))
        .hasMessageContaining("FLASHSALE_JWT_SECRET");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----x")))
        .hasMessageContaining("FLASHSALE_JWT_PUBLIC_KEY");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_MAX_IN_FLIGHT", "0")))
        .hasMessage("FLASHSALE_MAX_IN_FLIGHT must be 1..1000000, got 0");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_RATE_IP_PER_SECOND", "10",
        "FLASHSALE_RATE_IP_BURST", "5"))).hasMessageContaining("FLASHSALE_RATE_IP_BURST");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_CHALLENGE", "sometimes")))
        .hasMessageContaining("FLASHSALE_CHALLENGE");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_TLS_KEYSTORE_PASSWORD", "x")))
        .hasMessageContaining("FLASHSALE_TLS_KEYSTORE");
    assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_RATE_USER_PER_SECOND", "five")))
        .hasMessage("FLASHSALE_RATE_USER_PER_SECOND must be a whole number, got 'five'");
    for (String bad : new String[] {"10.0.0.0/33", "proxy.example.com", "10.0.0.1,", "fd00::/129", "10.0.0.0/x"}) {
      assertThatThrownBy(() -> EdgeSettings.fromEnvironment(Map.of("FLASHSALE_TRUSTED_PROXIES", bad)))
          .as(bad).hasMessageStartingWith("FLASHSALE_TRUSTED_PROXIES must be a comma list");
    }
  }

  @Test
  void a_secret_never_shows_in_the_settings_text() {
    String secret = "a-shopper-token-secret-of-at-least-32-bytes";

    assertThat(EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_SECRET", secret)).toString())
        .doesNotContain(secret).contains("HS256");
  }
}
