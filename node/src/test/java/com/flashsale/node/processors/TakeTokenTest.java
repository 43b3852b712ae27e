package com.flashsale.node.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.map.ExtendedMapEntry;
import java.util.AbstractMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TakeTokenTest {

  private static final long T0 = 1_800_000_000_000L;

  /** An entry as Hazelcast hands it to a processor, keeping the expiry a write asked for. */
  private static final class Entry extends AbstractMap.SimpleEntry<String, TakeToken.Bucket>
      implements ExtendedMapEntry<String, TakeToken.Bucket> {
    long ttlMillis = -1;

    Entry(TakeToken.Bucket bucket) {
      super("user:u1", bucket);
    }

    @Override
    public TakeToken.Bucket setValue(TakeToken.Bucket value, long ttl, TimeUnit unit) {
      ttlMillis = unit.toMillis(ttl);
      return setValue(value);
    }

    @Override
    public TakeToken.Bucket setValueWithoutChangingExpiryTime(TakeToken.Bucket value) {
      return setValue(value);
    }
  }

  @Test
  void a_new_caller_has_a_full_bucket_the_burst_then_is_refused_until_a_token_is_back() {
    Entry entry = new Entry(null);
    TakeToken take = new TakeToken(5, 10);

    assertThat(IntStream.range(0, 10).mapToLong(i -> new TakeToken(5, 10).take(entry, T0))).containsOnly(0L);
    assertThat(take.take(entry, T0)).as("a token comes back every 200 ms").isEqualTo(200L);
    assertThat(take.take(entry, T0 + 150)).isEqualTo(50L);
    assertThat(new TakeToken(5, 10).take(entry, T0 + 200)).isZero();
    assertThat(new TakeToken(5, 10).take(entry, T0 + 200)).isEqualTo(200L);
  }

  @Test
  void the_bucket_refills_continuously_up_to_the_burst_and_no_further() {
    Entry entry = new Entry(new TakeToken.Bucket(0, T0));

    assertThat(new TakeToken(5, 10).take(entry, T0 + 3_600_000)).isZero();
    assertThat(entry.getValue().milliTokens()).as("full (10 tokens) less the one taken").isEqualTo(9_000);
  }

  @Test
  void a_refusal_changes_nothing_and_sends_nothing_to_the_backup() {
    TakeToken.Bucket empty = new TakeToken.Bucket(400, T0);
    Entry entry = new Entry(empty);
    TakeToken take = new TakeToken(5, 10);

    assertThat(take.take(entry, T0 + 100)).isEqualTo(20L);
    assertThat(entry.getValue()).isSameAs(empty);
    assertThat(entry.ttlMillis).isEqualTo(-1);
    assertThat(take.getBackupProcessor()).isNull();
  }

  @Test
  void a_taken_token_is_written_with_an_expiry_after_the_bucket_is_full_again_and_the_backup_gets_both() {
    Entry entry = new Entry(null);
    TakeToken take = new TakeToken(5, 10);

    take.take(entry, T0);

    assertThat(entry.getValue()).isEqualTo(new TakeToken.Bucket(9_000, T0));
    assertThat(entry.ttlMillis).as("200 ms to refill the token, then the idle time").isEqualTo(200 + TakeToken.IDLE_MILLIS);
    Entry replica = new Entry(new TakeToken.Bucket(1, 1));
    take.getBackupProcessor().process(replica);
    assertThat(replica.getValue()).isEqualTo(entry.getValue());
    assertThat(replica.ttlMillis).isEqualTo(entry.ttlMillis);
  }

  @Test
  void a_clock_that_stepped_back_refills_nothing() {
    Entry entry = new Entry(new TakeToken.Bucket(500, T0));

    assertThat(new TakeToken(5, 10).take(entry, T0 - 60_000)).isEqualTo(100L);
  }

  @Test
  void a_bucket_without_rate_or_burst_is_refused() {
    assertThatThrownBy(() -> new TakeToken(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TakeToken(5, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
