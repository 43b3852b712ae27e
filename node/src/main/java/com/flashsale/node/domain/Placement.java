package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * How a placement ended: an order (new or replayed), or the rejection with the figures the contract puts
 * in its error body. The edge maps {@link Outcome} to a status code in one place.
 */
public record Placement(Outcome outcome, Order order, SaleStatus saleStatus, int available, int limit, int held) {

  public static final String TYPE_NAME = "Placement";

  /** Every way a placement can end. */
  public enum Outcome {
    CREATED,
    REPLAYED,
    SALE_NOT_FOUND,
    PRODUCT_NOT_FOUND,
    SALE_NOT_ACTIVE,
    SOLD_OUT,
    INSUFFICIENT_STOCK,
    LIMIT_EXCEEDED,
    IDEMPOTENCY_KEY_REUSED,
    ADMISSION_REQUIRED,
    UNAVAILABLE
  }

  /** An order made by this placement, with the units left after it (0: it took the last one). */
  public static Placement created(Order order, int availableAfter) {
    return new Placement(Outcome.CREATED, order, null, availableAfter, 0, 0);
  }

  public static Placement replayed(Order order) {
    return new Placement(Outcome.REPLAYED, order, null, 0, 0, 0);
  }

  public static Placement rejected(Outcome outcome) {
    return new Placement(outcome, null, null, 0, 0, 0);
  }

  public static Placement saleNotActive(SaleStatus status) {
    return new Placement(Outcome.SALE_NOT_ACTIVE, null, status, 0, 0, 0);
  }

  public static Placement insufficientStock(int available) {
    return new Placement(Outcome.INSUFFICIENT_STOCK, null, null, available, 0, 0);
  }

  public static Placement limitExceeded(int limit, int held) {
    return new Placement(Outcome.LIMIT_EXCEEDED, null, null, 0, limit, held);
  }

  /** Whether an order exists because of this placement (so its idempotency key must stay bound). */
  public boolean hasOrder() {
    return order != null;
  }

  /** Compact serializer; the type name is permanent. Enums are written by name. */
  public static final class Serializer extends TypedSerializer<Placement> {
    public Serializer() {
      super(TYPE_NAME, Placement.class);
    }

    @Override
    public Placement read(CompactReader reader) {
      String status = reader.readString("saleStatus");
      return new Placement(Outcome.valueOf(reader.readString("outcome")), reader.readCompact("order"),
          status == null ? null : SaleStatus.valueOf(status), reader.readInt32("available"), reader.readInt32("limit"),
          reader.readInt32("held"));
    }

    @Override
    public void write(CompactWriter writer, Placement placement) {
      writer.writeString("outcome", placement.outcome().name());
      writer.writeCompact("order", placement.order());
      writer.writeString("saleStatus", placement.saleStatus() == null ? null : placement.saleStatus().name());
      writer.writeInt32("available", placement.available());
      writer.writeInt32("limit", placement.limit());
      writer.writeInt32("held", placement.held());
    }
  }
}
