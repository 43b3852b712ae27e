package com.flashsale.node.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePSet;

/**
 * A product's waiting room, inside its {@link Ledger}: every ticket ever issued, and the indexes that make each
 * step of the room cheap. It lives in the ledger so that admission is decided with the stock it promises (W2),
 * and an admission is used atomically with the order it creates, on the product's partition.
 *
 * <ul>
 *   <li>{@code waiting}: the WAITING tickets' seqs, one sorted set per quantity. A ticket's position is the number
 *       of WAITING tickets with a smaller seq, so it costs one range count per quantity (a handful: quantities run
 *       from 1 to the sale's per-user limit), O(log n) each, with no scan; the units ahead come from the same
 *       counts. Tickets whose units cannot come back (W5) are found per quantity, without looking at the others.
 *   <li>{@code admitted}: the ADMITTED tickets by expiry of their admission (W4), with their units summed (W2).
 *   <li>{@code admissions}: every admission by time, for the rate (W3): how many fall in the last second is one
 *       range count.
 *   <li>{@code changes}: the tickets by the ledger version of their last change, for the store.
 * </ul>
 *
 * <p>Like the ledger it is persistent: a change makes a new value in O(log n) and never touches the old one.
 */
public record Room(
    WaitingRoom config,
    PMap<Long, Ticket> tickets,
    PMap<String, Long> live,
    PMap<Integer, TreePSet<Long>> waiting,
    TreePSet<Mark> admitted,
    TreePSet<Mark> admissions,
    TreePSet<Mark> changes,
    int admittedUnits) {

  /**
   * The most admissions one step makes: a room with a high rate and a long queue would otherwise admit tens of
   * thousands in one change, which its backups and the store receive whole. The keeper steps every 250 ms, so a
   * product admits up to 8,000 shoppers per second however high its rate.
   */
  static final int MAX_ADMISSIONS_PER_STEP = 2_000;

  /** A room with no ticket yet. */
  public static Room open(WaitingRoom config) {
    return new Room(config, HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), TreePSet.empty(),
        TreePSet.empty(), TreePSet.empty(), 0);
  }

  /** The room these tickets make: what the serializer, the store's loader and a merge rebuild from. */
  public static Room of(WaitingRoom config, Collection<Ticket> tickets) {
    Room room = open(config);
    for (Ticket ticket : tickets) {
      room = room.with(ticket);
    }
    return room;
  }

  /** The seq the next join gets: seqs run from 1 without gaps, so it is one more than the tickets issued. */
  public long nextSeq() {
    return tickets.size() + 1L;
  }

  public Ticket ticket(long seq) {
    return tickets.get(seq);
  }

  /** The user's WAITING or ADMITTED ticket, or null. */
  public Ticket liveTicketOf(String userId) {
    Long seq = live.get(userId);
    return seq == null ? null : tickets.get(seq);
  }

  /** 1 + the WAITING tickets that joined before this one (1 = admitted next); 0 for a ticket not WAITING. */
  public int position(Ticket ticket) {
    if (ticket.status() != TicketStatus.WAITING) {
      return 0;
    }
    int ahead = 0;
    for (TreePSet<Long> seqs : waiting.values()) {
      ahead += seqs.headSet(ticket.seq()).size();
    }
    return ahead + 1;
  }

  /** The units the WAITING tickets that joined before this one want. */
  public int unitsAhead(Ticket ticket) {
    if (ticket.status() != TicketStatus.WAITING) {
      return 0;
    }
    int units = 0;
    for (Map.Entry<Integer, TreePSet<Long>> quantity : waiting.entrySet()) {
      units += quantity.getKey() * quantity.getValue().headSet(ticket.seq()).size();
    }
    return units;
  }

  /** Admissions made in the second that ends at {@code now}, re-admissions included (W3). */
  public int admissionsInSecondEndingAt(long now) {
    return admissions.tailSet(new Mark(now - 999, Long.MIN_VALUE)).size();
  }

  /** The tickets changed after {@code version}, oldest change first: what the store still has to write. */
  public List<Ticket> changedAfter(long version) {
    return changes.tailSet(new Mark(version, Long.MAX_VALUE), false).stream()
        .map(mark -> tickets.get(mark.seq())).toList();
  }

  /**
   * What the room must change at {@code now}, as the changed tickets, in this order: every live ticket EXPIRED
   * once the sale has ended; admissions past their time EXPIRED (W4); WAITING tickets whose quantity exceeds
   * what can still come back SOLD_OUT (W5); then admissions from the head of the queue, in join order (W1),
   * while the units of admitted tickets fit in the available units (W2) and the last second's admissions stay
   * under the rate (W3). A head that does not fit stops admission: nobody overtakes it. Empty when there is
   * nothing to do. {@code secrets} gives each admission its secret; it is called only on the primary.
   *
   * @param pendingUnits the units of the product's PENDING orders, which may still come back
   */
  public List<Ticket> dueChanges(SaleStatus status, int available, int pendingUnits, long now,
      Supplier<String> secrets) {
    List<Ticket> changed = new ArrayList<>();
    if (status == SaleStatus.ENDED) {
      live.values().forEach(seq -> changed.add(tickets.get(seq).ended(TicketStatus.EXPIRED, now)));
      return changed;
    }
    int promised = admittedUnits;
    for (Mark admission : admitted) {
      if (admission.at() > now) {
        break;
      }
      Ticket expired = tickets.get(admission.seq());
      changed.add(expired.ended(TicketStatus.EXPIRED, now));
      promised -= expired.quantity();
    }
    int canComeBack = available + pendingUnits + promised;
    List<Iterator<Long>> admissible = new ArrayList<>();
    for (Map.Entry<Integer, TreePSet<Long>> quantity : waiting.entrySet()) {
      if (quantity.getKey() > canComeBack) {
        quantity.getValue().forEach(seq -> changed.add(tickets.get(seq).ended(TicketStatus.SOLD_OUT, now)));
      } else if (!quantity.getValue().isEmpty()) {
        admissible.add(quantity.getValue().iterator());
      }
    }
    if (status != SaleStatus.ACTIVE) {
      return changed;
    }
    int allowance = Math.min(MAX_ADMISSIONS_PER_STEP, config.admitPerSecond() - admissionsInSecondEndingAt(now));
    Iterator<Long> inJoinOrder = merged(admissible);
    while (allowance > 0 && inJoinOrder.hasNext()) {
      Ticket head = tickets.get(inJoinOrder.next());
      if (promised + head.quantity() > available) {
        break;
      }
      changed.add(head.admitted(secrets.get(), now, config.admissionSeconds()));
      promised += head.quantity();
      allowance--;
    }
    return changed;
  }

  /**
   * Whether {@link #dueChanges} has anything to do at {@code now}, found without building any change (the room
   * keeper asks every room four times a second): the sale ended with live tickets, an admission past its time,
   * a waiting quantity that can no longer come back, or a head of the queue that may be admitted now.
   */
  public boolean hasDueChanges(SaleStatus status, int available, int pendingUnits, long now) {
    if (live.isEmpty()) {
      return false;
    }
    if (status == SaleStatus.ENDED || !admitted.isEmpty() && admitted.first().at() <= now) {
      return true;
    }
    int canComeBack = available + pendingUnits + admittedUnits;
    long head = Long.MAX_VALUE;
    for (Map.Entry<Integer, TreePSet<Long>> quantity : waiting.entrySet()) {
      if (quantity.getValue().isEmpty()) {
        continue;
      }
      if (quantity.getKey() > canComeBack) {
        return true;
      }
      head = Math.min(head, quantity.getValue().first());
    }
    return status == SaleStatus.ACTIVE && head != Long.MAX_VALUE
        && admissionsInSecondEndingAt(now) < config.admitPerSecond()
        && admittedUnits + tickets.get(head).quantity() <= available;
  }

  /** The room with the ticket recorded as it now stands, every index moved with it. */
  public Room with(Ticket ticket) {
    Ticket before = tickets.get(ticket.seq());
    PMap<String, Long> nextLive = live;
    PMap<Integer, TreePSet<Long>> nextWaiting = waiting;
    TreePSet<Mark> nextAdmitted = admitted;
    TreePSet<Mark> nextAdmissions = admissions;
    TreePSet<Mark> nextChanges = changes;
    int nextAdmittedUnits = admittedUnits;
    if (before != null) {
      nextChanges = nextChanges.minus(new Mark(before.version(), before.seq()));
      if (before.status().isLive()) {
        nextLive = nextLive.minus(before.userId());
      }
      if (before.status() == TicketStatus.WAITING) {
        nextWaiting = withoutWaiting(nextWaiting, before);
      }
      if (before.status() == TicketStatus.ADMITTED) {
        nextAdmitted = nextAdmitted.minus(new Mark(before.admissionExpiresAt(), before.seq()));
        nextAdmittedUnits -= before.quantity();
      }
    }
    if (ticket.status().isLive()) {
      nextLive = nextLive.plus(ticket.userId(), ticket.seq());
    }
    if (ticket.status() == TicketStatus.WAITING) {
      nextWaiting = nextWaiting.plus(ticket.quantity(),
          nextWaiting.getOrDefault(ticket.quantity(), TreePSet.empty()).plus(ticket.seq()));
    }
    if (ticket.status() == TicketStatus.ADMITTED) {
      nextAdmitted = nextAdmitted.plus(new Mark(ticket.admissionExpiresAt(), ticket.seq()));
      nextAdmittedUnits += ticket.quantity();
    }
    if (ticket.admittedAt() > 0 && (before == null || before.admittedAt() != ticket.admittedAt())) {
      nextAdmissions = nextAdmissions.plus(new Mark(ticket.admittedAt(), ticket.seq()));
    }
    return new Room(config, tickets.plus(ticket.seq(), ticket), nextLive, nextWaiting, nextAdmitted, nextAdmissions,
        nextChanges.plus(new Mark(ticket.version(), ticket.seq())), nextAdmittedUnits);
  }

  private static PMap<Integer, TreePSet<Long>> withoutWaiting(PMap<Integer, TreePSet<Long>> waiting, Ticket ticket) {
    TreePSet<Long> rest = waiting.get(ticket.quantity()).minus(ticket.seq());
    return rest.isEmpty() ? waiting.minus(ticket.quantity()) : waiting.plus(ticket.quantity(), rest);
  }

  /** The seqs of several sorted sets, in one ascending walk. */
  private static Iterator<Long> merged(List<Iterator<Long>> sorted) {
    PriorityQueue<Map.Entry<Long, Iterator<Long>>> heads = new PriorityQueue<>(Map.Entry.comparingByKey());
    sorted.forEach(seqs -> heads.add(Map.entry(seqs.next(), seqs)));
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public Long next() {
        Map.Entry<Long, Iterator<Long>> head = heads.poll();
        if (head.getValue().hasNext()) {
          heads.add(Map.entry(head.getValue().next(), head.getValue()));
        }
        return head.getKey();
      }
    };
  }

  /** A ticket's place in a time- or version-ordered index: the time (or version), then the seq. */
  public record Mark(long at, long seq) implements Comparable<Mark> {
    private static final Comparator<Mark> ORDER = Comparator.comparingLong(Mark::at).thenComparingLong(Mark::seq);

    @Override
    public int compareTo(Mark other) {
      return ORDER.compare(this, other);
    }
  }
}
