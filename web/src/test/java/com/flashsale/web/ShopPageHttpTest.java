package com.flashsale.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.web.testing.Answer;
import com.flashsale.web.testing.Api;
import com.flashsale.web.testing.LiveServer;
import com.flashsale.web.testing.TestSale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /shop/{saleId}} over plain HTTP: the page is HTML under a Content-Security-Policy that allows scripts
 * and styles from this origin only (so the page itself may carry no inline script), its files are the listed
 * ones, and anything else answers as the API does, in JSON.
 */
@ExtendWith(LiveServer.class)
class ShopPageHttpTest {

  private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL);

  @Test
  void the_page_is_html_under_a_strict_content_security_policy(Api api) {
    String saleId = api.create(TestSale.active().product("tee", "19.99", 5));

    Answer page = api.get("/shop/" + saleId);

    assertThat(page.status()).as(page.describe()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    String policy = page.header("Content-Security-Policy").orElse("");
    assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
        "frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.header("Referrer-Policy")).contains("no-referrer");
    assertThat(page.body()).contains("<html lang=\"en\"", "name=\"viewport\"", "/shop/assets/shop.js",
        "/shop/assets/shop.css");
  }

  @Test
  void the_page_carries_no_inline_script_for_the_policy_to_block(Api api) {
    String body = api.get("/shop/any-sale").body();

    Matcher scripts = SCRIPT.matcher(body);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertThat(scripts.group(1)).as("a script element loads a file").contains("src=\"/shop/assets/");
      assertThat(scripts.group(2)).as("a script element has no body").isBlank();
    }
    assertThat(count).isPositive();
    assertThat(body).doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=\"");
  }

  @Test
  void the_pages_files_are_served_with_their_types_and_the_policy(Api api) {
    Answer script = api.get("/shop/assets/shop.js");
    Answer styles = api.get("/shop/assets/shop.css");

    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).startsWith("text/javascript");
    assertThat(script.body()).contains("\"use strict\"");
    assertThat(styles.status()).isEqualTo(200);
    assertThat(styles.contentType()).startsWith("text/css");
    assertThat(script.header("Content-Security-Policy")).isEqualTo(styles.header("Content-Security-Policy"));
  }

  @Test
  void an_unknown_file_is_404_not_found_in_json(Api api) {
    api.get("/shop/assets/nothing-here.js").expectError(404, "NOT_FOUND");
    api.get("/shop/assets/..%2Fopenapi.json").expectCleanRejection();
    api.get("/shop/assets/dashboard.js").expectError(404, "NOT_FOUND");
  }

  @Test
  void a_sale_id_that_is_no_id_is_400_invalid_request(Api api) {
    api.get("/shop/" + "x".repeat(65)).expectError(400, "INVALID_REQUEST");
  }
}
