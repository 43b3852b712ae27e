package com.flashsale.node.processors;

import com.flashsale.node.domain.ProductKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * This member's index of the ledgers it owns that hold an unpaid order, by their earliest deadline: what lets the
 * hold sweeper find the due orders in O(due) instead of reading every ledger each pass. The ledger operations keep
 * it, on the primary, in the step that changes a ledger's earliest deadline ({@link LedgerOperation}); backups never
 * write it. One per member, in its {@link LedgerIndexes}.
 *
 * <p>It is a hint about where to look, never a second truth: {@link ExpireDue} decides on the ledger itself. A
 * deadline recorded too early costs one operation that finds nothing due (and records the right one). What it can
 * miss are ledgers that arrive without a ledger operation (the initial load, a migration, a promotion after a
 * member died, a merge after a split): the sweeper reads every local ledger again when the cluster changes, and
 * any operation on a ledger missing here records it.
 */
public final class DueLedgers {

  private static final Comparator<Due> EARLIEST_FIRST = Comparator.comparingLong(Due::deadline)
      .thenComparing(due -> due.product().saleId())
      .thenComparing(due -> due.product().productId());

  /** The deadline of each ledger indexed; every entry here has exactly one entry in {@link #byDeadline}. */
  private final ConcurrentHashMap<ProductKey, Long> deadlines = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<Due> byDeadline = new ConcurrentSkipListSet<>(EARLIEST_FIRST);

  private record Due(long deadline, ProductKey product) {}

  /**
   * Records a ledger's earliest deadline (epoch ms); {@code Long.MAX_VALUE}, no unpaid order, takes it out. Both
   * structures change under the map's lock for that key, so they never disagree about it.
   */
  public void record(ProductKey product, long deadline) {
    deadlines.compute(product, (key, previous) -> {
      if (previous != null) {
        byDeadline.remove(new Due(previous, key));
      }
      if (deadline == Long.MAX_VALUE) {
        return null;
      }
      byDeadline.add(new Due(deadline, key));
      return deadline;
    });
  }

  /** Whether the ledger is indexed. */
  public boolean contains(ProductKey product) {
    return deadlines.containsKey(product);
  }

  /**
   * Takes out the ledgers due by {@code now}, earliest first, reading nothing else: each must now be swept (its
   * operation records it again if it still holds an unpaid order) or put back with {@link #retry}.
   */
  public List<ProductKey> takeDue(long now) {
    List<ProductKey> due = new ArrayList<>();
    for (Due entry : byDeadline) {
      if (entry.deadline() > now) {
        break;
      }
      deadlines.computeIfPresent(entry.product(), (key, deadline) -> {
        if (deadline != entry.deadline()) {
          return deadline; // recorded again since the iterator passed: the newer entry stands
        }
        byDeadline.remove(entry);
        due.add(key);
        return null;
      });
    }
    return due;
  }

  /** Puts a ledger back as due at {@code deadline}, unless it is indexed as due earlier: after its sweep failed. */
  public void retry(ProductKey product, long deadline) {
    deadlines.compute(product, (key, previous) -> {
      if (previous != null && previous <= deadline) {
        return previous;
      }
      if (previous != null) {
        byDeadline.remove(new Due(previous, key));
      }
      byDeadline.add(new Due(deadline, key));
      return deadline;
    });
  }

  /** Forgets every ledger: before the sweeper reads all local ledgers again, so that none stays under an old figure. */
  public void clear() {
    deadlines.keySet().forEach(product -> record(product, Long.MAX_VALUE));
  }

  /** How many ledgers are indexed. */
  public int size() {
    return deadlines.size();
  }
}
