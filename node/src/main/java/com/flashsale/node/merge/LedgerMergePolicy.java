package com.flashsale.node.merge;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import com.flashsale.node.domain.Ticket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merge policy of map {@code ledgers} after a network split. Both sides' ledgers hold every order they took,
 * so the merged ledger is the union of the orders (an order both sides changed keeps the copy {@link #kept}
 * picks), with the figures derived from it: no side's sales vanish, which keeping one
 * side's value would do. If the union promises more units than the product has, the newest unpaid orders
 * are expired until it fits; if the paid orders alone exceed the stock (only possible without split-brain
 * protection), this side's value is kept and the oversell is logged for a person. Every order of the merged
 * ledger is numbered above both sides, so the store rewrites them all.
 */
public class LedgerMergePolicy extends ValueMergePolicy<Ledger> {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerMergePolicy.class);

  @Override
  protected Ledger resolve(Ledger existing, Ledger merging) {
    return merge(existing, merging);
  }

  /**
   * The policy of a cluster with split-brain protection ({@code FLASHSALE_MIN_MEMBERS} above 1, set by
   * {@code GridConfig}): the same union, but an order both sides hold keeps the larger side's copy (Hazelcast
   * merges the smaller side into the larger, so that is {@code existing}). The smaller side could acknowledge no
   * change during the split (majority protection, a synchronous backup, fail on indeterminate state), so its copy
   * of an order is at most a change answered 503: a payment the majority never saw must not come back paid over
   * the majority's expiry of the same order, after the majority sold its units again, maybe to the same shopper
   * (the fault harness saw a shopper end with 3 units of a limit of 2 that way).
   */
  public static final class MajorityKeeps extends LedgerMergePolicy {
    @Override
    protected Ledger resolve(Ledger existing, Ledger merging) {
      return merge(existing, merging, true);
    }
  }

  public static Ledger merge(Ledger existing, Ledger merging) {
    return merge(existing, merging, false);
  }

  /**
   * The copy of an order both sides hold that the merged ledger keeps: {@code existing}'s when
   * {@code existingWins} (a protected cluster, see {@link MajorityKeeps}); else CONFIRMED over any other status (the
   * shopper paid, and a merge cannot take the payment back), then the copy further along its life (the higher
   * version, then the later {@code updatedAt}); a tie keeps this cluster's copy. Orders created during the split
   * have ids of their own and merge without conflict.
   */
  static Order kept(Order existing, Order merging, boolean existingWins) {
    return !existingWins && beats(merging, existing) ? merging : existing;
  }

  private static boolean beats(Order challenger, Order holder) {
    boolean challengerPaid = challenger.status() == OrderStatus.CONFIRMED;
    if (challengerPaid != (holder.status() == OrderStatus.CONFIRMED)) {
      return challengerPaid;
    }
    if (challenger.version() != holder.version()) {
      return challenger.version() > holder.version();
    }
    return challenger.updatedAt().isAfter(holder.updatedAt());
  }

  /**
   * The union of both sides' orders; an order both hold keeps {@code existing}'s copy if {@code existingWins}
   * (a protected cluster), else the copy {@link #kept} picks.
   */
  public static Ledger merge(Ledger existing, Ledger merging, boolean existingWins) {
    long version = Math.max(existing.version(), merging.version()) + 1;
    Map<Long, Order> union = new HashMap<>(existing.orders());
    merging.orders().forEach((orderId, order) -> union.merge(orderId, order,
        (kept, incoming) -> kept(kept, incoming, existingWins)));
    List<Order> orders = new ArrayList<>();
    union.values().forEach(order -> orders.add(order.withVersion(version)));
    int promised = orders.stream().filter(Order::holdsUnits).mapToInt(Order::quantity).sum();
    int excess = promised - existing.total();
    if (excess > 0) {
      excess = expireNewestUnpaid(orders, excess);
    }
    if (excess > 0) {
      LOG.error("OVERSOLD_AFTER_MERGE: the paid orders of both sides exceed the stock of {} by {} unit(s); "
          + "keeping this side's ledger, the other side's orders need a person", existing.total(), excess);
      return existing;
    }
    return Ledger.of(existing.saleId(), existing.total(), existing.opensAt(),
        Math.min(existing.closesAt(), merging.closesAt()), version, orders, existing.roomConfig(),
        tickets(existing, merging, version));
  }

  /**
   * The waiting room's tickets of both sides: this side's, plus the other side's that this side has not issued.
   * Split-brain protection keeps the minority from issuing tickets at all; without it two sides may have issued
   * the same seq to different shoppers, and this side's ticket keeps it.
   */
  private static List<Ticket> tickets(Ledger existing, Ledger merging, long version) {
    if (existing.room() == null) {
      return List.of();
    }
    Map<Long, Ticket> union = new HashMap<>(existing.room().tickets());
    if (merging.room() != null) {
      merging.room().tickets().forEach(union::putIfAbsent);
    }
    return union.values().stream().map(ticket -> ticket.withVersion(version)).toList();
  }

  /** Expires PENDING orders, newest first, until {@code excess} units are freed; returns what is still over. */
  private static int expireNewestUnpaid(List<Order> orders, int excess) {
    List<Order> pending = orders.stream().filter(order -> order.status() == OrderStatus.PENDING)
        .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed())
        .toList();
    for (Order order : pending) {
      if (excess <= 0) {
        break;
      }
      orders.set(orders.indexOf(order), order.cancelled(CancelReason.EXPIRED, null, order.updatedAt()).withVersion(order.version()));
      excess -= order.quantity();
    }
    return excess;
  }
}
