package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * A shopper's place in a product's waiting room. {@code seq} is the join order (1 for the first join of the
 * product, then 2, 3…, never reused), {@code nonce} the random part of its id, so that ids cannot be guessed from
 * positions. {@code secret} is set from admission on: the admission token is the seq and this secret, so only the
 * ticket's holder can place with it. {@code version} is the product's ledger version at the ticket's last change,
 * so the ledger's store writes exactly the tickets newer than its last row. Times are epoch milliseconds of
 * cluster time; 0 means not (yet) set, as does {@code orderId} 0.
 */
public record Ticket(
    long seq,
    String nonce,
    String userId,
    int quantity,
    TicketStatus status,
    long joinedAt,
    long admittedAt,
    String secret,
    long admissionExpiresAt,
    long orderId,
    long updatedAt,
    long version) {

  public static final String TYPE_NAME = "Ticket";

  public static Ticket waiting(long seq, String nonce, String userId, int quantity, long now) {
    return new Ticket(seq, nonce, userId, quantity, TicketStatus.WAITING, now, 0, null, 0, 0, now, 1);
  }

  public Ticket admitted(String newSecret, long now, int admissionSeconds) {
    return new Ticket(seq, nonce, userId, quantity, TicketStatus.ADMITTED, joinedAt, now, newSecret,
        now + admissionSeconds * 1000L, 0, now, version);
  }

  public Ticket used(long byOrder, long now) {
    return new Ticket(seq, nonce, userId, quantity, TicketStatus.USED, joinedAt, admittedAt, secret, admissionExpiresAt,
        byOrder, now, version);
  }

  /** The ticket ended without an order (EXPIRED) or because its units cannot come back (SOLD_OUT). */
  public Ticket ended(TicketStatus end, long now) {
    return new Ticket(seq, nonce, userId, quantity, end, joinedAt, admittedAt, secret, admissionExpiresAt, orderId, now,
        version);
  }

  public Ticket withVersion(long newVersion) {
    return new Ticket(seq, nonce, userId, quantity, status, joinedAt, admittedAt, secret, admissionExpiresAt, orderId,
        updatedAt, newVersion);
  }

  /** The token a placement presents: the ticket's seq and its secret; null before admission. */
  public String admissionToken() {
    return secret == null ? null : seq + "." + secret;
  }

  /** Whether {@code token} is this ticket's admission token. */
  public boolean isAdmittedBy(String token) {
    return secret != null && status == TicketStatus.ADMITTED && admissionToken().equals(token);
  }

  /** The seq a token names, or -1 when it names none: where a placement looks its ticket up. */
  public static long seqOf(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || dot > 18) {
      return -1;
    }
    try {
      return Long.parseLong(token, 0, dot, 10);
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  /** Compact serializer; the type name is permanent. Enums are written by name. */
  public static final class Serializer extends TypedSerializer<Ticket> {
    public Serializer() {
      super(TYPE_NAME, Ticket.class);
    }

    @Override
    public Ticket read(CompactReader reader) {
      return new Ticket(reader.readInt64("seq"), reader.readString("nonce"), reader.readString("userId"),
          reader.readInt32("quantity"), TicketStatus.valueOf(reader.readString("status")), reader.readInt64("joinedAt"),
          reader.readInt64("admittedAt"), reader.readString("secret"), reader.readInt64("admissionExpiresAt"),
          reader.readInt64("orderId"), reader.readInt64("updatedAt"), reader.readInt64("version"));
    }

    @Override
    public void write(CompactWriter writer, Ticket ticket) {
      writer.writeInt64("seq", ticket.seq());
      writer.writeString("nonce", ticket.nonce());
      writer.writeString("userId", ticket.userId());
      writer.writeInt32("quantity", ticket.quantity());
      writer.writeString("status", ticket.status().name());
      writer.writeInt64("joinedAt", ticket.joinedAt());
      writer.writeInt64("admittedAt", ticket.admittedAt());
      writer.writeString("secret", ticket.secret());
      writer.writeInt64("admissionExpiresAt", ticket.admissionExpiresAt());
      writer.writeInt64("orderId", ticket.orderId());
      writer.writeInt64("updatedAt", ticket.updatedAt());
      writer.writeInt64("version", ticket.version());
    }
  }
}
