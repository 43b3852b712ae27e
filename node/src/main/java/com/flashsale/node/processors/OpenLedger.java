package com.flashsale.node.processors;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Opens a product's ledger for a sale being created: writes the initial ledger unless the product already has
 * one of the same stock and window. A ledger left by an earlier, different create that never finished (its sale
 * was never written, so it can have no order) is replaced, numbered above it so that its store takes it; a
 * ledger with orders is never touched. Answers whether it wrote.
 */
public final class OpenLedger extends MutatingProcessor<ProductKey, Ledger, Boolean> {

  public static final String TYPE_NAME = "OpenLedger";

  private final Ledger initial;

  public OpenLedger(Ledger initial) {
    this.initial = initial;
  }

  @Override
  protected Boolean apply(Map.Entry<ProductKey, Ledger> entry) {
    Ledger standing = entry.getValue();
    if (standing == null) {
      write(entry, initial);
      return true;
    }
    boolean sameDefinition = standing.total() == initial.total() && standing.opensAt() == initial.opensAt()
        && standing.closesAt() == initial.closesAt() && Objects.equals(standing.roomConfig(), initial.roomConfig());
    if (sameDefinition || !standing.orders().isEmpty()) {
      return false;
    }
    write(entry, Ledger.of(initial.saleId(), initial.total(), initial.opensAt(), initial.closesAt(),
        standing.version() + 1, List.of(), initial.roomConfig(), List.of()));
    return true;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<OpenLedger> {
    public Serializer() {
      super(TYPE_NAME, OpenLedger.class);
    }

    @Override
    public OpenLedger read(CompactReader reader) {
      return new OpenLedger(reader.readCompact("initial"));
    }

    @Override
    public void write(CompactWriter writer, OpenLedger processor) {
      writer.writeCompact("initial", processor.initial);
    }
  }
}
