package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.IdempotencyRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ClaimIdempotencyKey} and {@link ForgetIdempotencyKey}. */
class IdempotencyKeyTest {

  private static final IdempotencyRecord FIRST = new IdempotencyRecord("hash-a", 1, 100);
  private static final IdempotencyRecord SECOND = new IdempotencyRecord("hash-b", 2, 200);

  @Test
  void the_first_claim_of_a_key_binds_it_and_is_backed_up() {
    Map.Entry<String, IdempotencyRecord> entry = entry("key", null);
    ClaimIdempotencyKey claim = new ClaimIdempotencyKey(FIRST);

    assertThat(claim.process(entry)).isEqualTo(FIRST);
    assertThat(entry.getValue()).isEqualTo(FIRST);
    assertBackupCopies(claim, entry, null);
  }

  @Test
  void a_later_claim_gets_the_standing_record_and_changes_nothing() {
    Map.Entry<String, IdempotencyRecord> entry = entry("key", FIRST);
    ClaimIdempotencyKey claim = new ClaimIdempotencyKey(SECOND);

    assertThat(claim.process(entry)).isEqualTo(FIRST);
    assertThat(entry.getValue()).isSameAs(FIRST);
    assertNoBackup(claim);
  }

  @Test
  void forgetting_the_order_of_a_rejected_claim_keeps_its_fingerprint_on_primary_and_backup() {
    Map.Entry<String, IdempotencyRecord> entry = entry("key", FIRST);
    ForgetIdempotencyKey forget = new ForgetIdempotencyKey(1);

    assertThat(forget.process(entry)).isTrue();
    assertThat(entry.getValue()).isEqualTo(FIRST.withoutOrder());
    assertThat(entry.getValue().hasOrder()).isFalse();
    assertBackupCopies(forget, entry, FIRST);
  }

  @Test
  void the_same_request_claims_a_rejected_key_afresh_but_another_request_does_not() {
    IdempotencyRecord retry = new IdempotencyRecord("hash-a", 3, 300);
    Map.Entry<String, IdempotencyRecord> entry = entry("key", FIRST.withoutOrder());

    assertThat(new ClaimIdempotencyKey(SECOND).process(entry)).isEqualTo(FIRST.withoutOrder());
    assertThat(new ClaimIdempotencyKey(retry).process(entry)).isEqualTo(retry);
    assertThat(entry.getValue()).isEqualTo(retry);
  }

  @Test
  void forgetting_leaves_a_newer_claim_of_another_order_alone() {
    Map.Entry<String, IdempotencyRecord> entry = entry("key", SECOND);
    ForgetIdempotencyKey forget = new ForgetIdempotencyKey(1);

    assertThat(forget.process(entry)).isFalse();
    assertThat(entry.getValue()).isSameAs(SECOND);
    assertNoBackup(forget);
  }

  @Test
  void forgetting_an_unbound_key_changes_nothing() {
    ForgetIdempotencyKey forget = new ForgetIdempotencyKey(1);

    assertThat(forget.process(entry("key", null))).isFalse();
    assertNoBackup(forget);
  }
}
