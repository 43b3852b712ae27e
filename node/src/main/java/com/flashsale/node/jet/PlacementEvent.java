package com.flashsale.node.jet;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Something the placement path saw that no ledger records: a placement rejected with a contract
 * error code ({@link Kind#REJECTED}, {@code code} = {@code SOLD_OUT}, {@code LIMIT_EXCEEDED}, ...), or the take
 * that left a product with no units available ({@link Kind#LAST_UNIT_TAKEN}, the sold-out instant). Written
 * fire-and-forget to the {@code placement-events} map, whose journal the statistics job reads.
 */
public record PlacementEvent(Kind kind, String saleId, String productId, String code, long at) implements SaleInput {

  public static final String TYPE_NAME = "PlacementEvent";

  /** What happened. */
  public enum Kind {
    REJECTED,
    LAST_UNIT_TAKEN
  }

  public static PlacementEvent rejected(String saleId, String productId, String code, long at) {
    return new PlacementEvent(Kind.REJECTED, saleId, productId, code, at);
  }

  public static PlacementEvent lastUnitTaken(String saleId, String productId, long at) {
    return new PlacementEvent(Kind.LAST_UNIT_TAKEN, saleId, productId, null, at);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<PlacementEvent> {
    public Serializer() {
      super(TYPE_NAME, PlacementEvent.class);
    }

    @Override
    public PlacementEvent read(CompactReader reader) {
      return new PlacementEvent(Kind.valueOf(reader.readString("kind")), reader.readString("saleId"),
          reader.readString("productId"), reader.readString("code"), reader.readInt64("at"));
    }

    @Override
    public void write(CompactWriter writer, PlacementEvent event) {
      writer.writeString("kind", event.kind().name());
      writer.writeString("saleId", event.saleId());
      writer.writeString("productId", event.productId());
      writer.writeString("code", event.code());
      writer.writeInt64("at", event.at());
    }
  }
}
