package com.flashsale.node.processors;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Base of every single-key entry processor that changes its entry. The primary runs the transition once;
 * the backups receive the value it wrote ({@link SetValue}) instead of re-running the logic, so a backup
 * can never diverge from its primary (a re-run could see another clock or another prior value).
 *
 * <p>Only for {@code submitToKey}/{@code executeOnKey}: Hazelcast asks for the backup processor after
 * {@code process} on the same instance, which holds for one key per operation. Processors applied to many
 * keys at once must be deterministic and back up by re-running (see {@link CloseSaleWindow}).
 */
public abstract class MutatingProcessor<K, V, R> implements EntryProcessor<K, V, R> {

  private transient V written;
  private transient boolean changed;

  @Override
  public final R process(Map.Entry<K, V> entry) {
    return apply(entry);
  }

  /** The transition: reads the entry, calls {@link #write} at most once, and returns the typed result. */
  protected abstract R apply(Map.Entry<K, V> entry);

  /** Sets the entry's new value ({@code null} removes it) and remembers it for the backups. */
  protected final void write(Map.Entry<K, V> entry, V value) {
    entry.setValue(value);
    written = value;
    changed = true;
  }

  @Override
  public final EntryProcessor<K, V, R> getBackupProcessor() {
    return changed ? new SetValue<>(written) : null;
  }
}
