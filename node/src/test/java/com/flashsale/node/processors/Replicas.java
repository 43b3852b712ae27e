package com.flashsale.node.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.hazelcast.map.EntryProcessor;
import java.util.AbstractMap;
import java.util.Map;

/** Entries as Hazelcast hands them to a processor ({@code null} value = no entry), and checks of what backups receive. */
final class Replicas {

  private Replicas() {}

  static <K, V> Map.Entry<K, V> entry(K key, V value) {
    return new AbstractMap.SimpleEntry<>(key, value);
  }

  /**
   * After {@code process} on the primary, the backup processor is a {@link SetValue} of exactly the value the
   * primary wrote, and applying it to a replica still holding {@code staleValue} leaves the primary's value.
   */
  static <K, V> void assertBackupCopies(EntryProcessor<K, V, ?> processed, Map.Entry<K, V> primary, V staleValue) {
    EntryProcessor<K, V, ?> backup = processed.getBackupProcessor();
    assertThat(backup).as("backup processor of a change").isInstanceOf(SetValue.class);
    assertThat(((SetValue<?, ?, ?>) backup).value()).isEqualTo(primary.getValue());
    Map.Entry<K, V> replica = entry(primary.getKey(), staleValue);
    backup.process(replica);
    assertThat(replica.getValue()).isEqualTo(primary.getValue());
  }

  /** A processor that changed nothing sends nothing to the backups. */
  static void assertNoBackup(EntryProcessor<?, ?, ?> processed) {
    assertThat(processed.getBackupProcessor()).as("backup processor when nothing changed").isNull();
  }

  /**
   * Runs a ledger operation on the entry, as the primary would, and checks its backup: none when nothing changed,
   * else the committed change, which brings a replica of the value before to the same value.
   */
  static <R> R run(LedgerOperation<R> operation, Map.Entry<ProductKey, Ledger> entry) {
    Ledger before = entry.getValue();
    R result = operation.process(entry);
    if (entry.getValue() == before) {
      assertThat(operation.getBackupProcessor()).as("backup of an operation that changed nothing").isNull();
    } else {
      EntryProcessor<ProductKey, Ledger, R> backup = operation.getBackupProcessor();
      assertThat(backup).isInstanceOf(ApplyLedgerChange.class);
      Map.Entry<ProductKey, Ledger> replica = entry(entry.getKey(), before);
      backup.process(replica);
      assertThat(replica.getValue()).as("the replica after the change").isEqualTo(entry.getValue());
    }
    return result;
  }
}
