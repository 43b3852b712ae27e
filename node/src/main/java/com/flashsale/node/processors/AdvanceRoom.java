package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.LedgerChange;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The room keeper's operation: makes every change a product's waiting room owes at cluster time (expiries at
 * the sale's end and of unused admissions, SOLD_OUT for tickets whose units cannot come back, admissions in join
 * order within the stock and the rate; see {@link com.flashsale.node.domain.Room#dueChanges}) in one change, and
 * answers with the tickets it changed. Admission secrets are drawn here, on the primary; the backups receive the
 * change with them, so every replica holds the same token.
 */
public final class AdvanceRoom extends LedgerOperation<LedgerChange> {

  public static final String TYPE_NAME = "AdvanceRoom";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  protected LedgerChange decide(Map.Entry<ProductKey, Ledger> entry, long now) {
    if (entry.getValue() == null) {
      return LedgerChange.ofTickets(List.of());
    }
    List<Ticket> due = entry.getValue().roomChangesAt(now, AdvanceRoom::secret);
    if (due.isEmpty()) {
      return LedgerChange.ofTickets(due);
    }
    Ledger next = commit(entry, LedgerChange.ofTickets(due));
    return LedgerChange.ofTickets(due.stream().map(ticket -> next.room().ticket(ticket.seq())).toList());
  }

  /** 128 random bits, URL-safe: an admission token cannot be guessed from the ticket. */
  static String secret() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<AdvanceRoom> {
    public Serializer() {
      super(TYPE_NAME, AdvanceRoom.class);
    }

    @Override
    public AdvanceRoom read(CompactReader reader) {
      return new AdvanceRoom();
    }

    @Override
    public void write(CompactWriter writer, AdvanceRoom processor) {
      // No fields: the operation reads the time on the partition's member.
    }
  }
}
