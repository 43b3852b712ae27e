package com.flashsale.node.processors;

import com.flashsale.node.domain.Sale;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.Map;

/** An operator ends a sale at {@code now}; ending an ended sale changes nothing. Returns the sale as it stands. */
public final class EndSale extends MutatingProcessor<String, Sale, Sale> {

  public static final String TYPE_NAME = "EndSale";

  private final long now;

  public EndSale(long now) {
    this.now = now;
  }

  @Override
  protected Sale apply(Map.Entry<String, Sale> entry) {
    Sale sale = entry.getValue();
    if (sale == null) {
      return null;
    }
    Sale ended = sale.endedAt(Instant.ofEpochMilli(now));
    if (ended != sale) {
      write(entry, ended);
    }
    return ended;
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<EndSale> {
    public Serializer() {
      super(TYPE_NAME, EndSale.class);
    }

    @Override
    public EndSale read(CompactReader reader) {
      return new EndSale(reader.readInt64("now"));
    }

    @Override
    public void write(CompactWriter writer, EndSale processor) {
      writer.writeInt64("now", processor.now);
    }
  }
}
