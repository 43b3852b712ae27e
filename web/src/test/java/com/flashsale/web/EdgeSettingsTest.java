package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge's settings: everything off but shedding by default, bad values named at start. */
class EdgeSettingsTest {

  @Test
  void by_default_the_api_is_open_unlimited_and_sheds_past_512_placements() {
    EdgeSettings settings = EdgeSettings.defaults();

    assertThat(settings.authenticatesShoppers()).isFalse();
    assertThat(settings.userRate()).isNull();
    assertThat(settings.ipRate()).isNull();
    assertThat(settings.challenge()).isEqualTo(EdgeSettings.ChallengeMode.PER_SALE);
    assertThat(settings.maxInFlight()).isEqualTo(512);
    assertThat(settings.tls()).isNull();
    assertThat(settings.maxRequestHeaderBytes()).isEqualTo(8192);
  }

  @Test
  void rates_of_zero_are_off_and_a_burst_defaults_to_the_rate() {
    EdgeSettings settings = EdgeSettings.fromEnvironment(Map.of("FLASHSALE_RATE_USER_PER_SECOND", "0",
        "FLASHSALE_RATE_IP_PER_SECOND", "20"));

    assertThat(settings.userRate()).isNull();
    assertThat(settings.ipRate()).isEqualTo(new EdgeSettings.Rate(20, 20));
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
  }

  @Test
  void a_secret_never_shows_in_the_settings_text() {
    String secret = "a-shopper-token-secret-of-at-least-32-bytes";

    assertThat(EdgeSettings.fromEnvironment(Map.of("FLASHSALE_JWT_SECRET", secret)).toString())
        .doesNotContain(secret).contains("HS256");
  }
}
