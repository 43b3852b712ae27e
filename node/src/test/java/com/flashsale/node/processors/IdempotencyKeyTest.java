package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.IdempotencyRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ClaimIdempotencyKey}: the first claim of a key binds it to one order id for good. */
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
}
