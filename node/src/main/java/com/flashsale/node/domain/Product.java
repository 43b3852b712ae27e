package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.math.BigDecimal;

/**
 * What a sale offers of one product: name, price and the units put on sale. Immutable once the sale is
 * created; the live figures live in the product's {@link Stock}.
 */
public record Product(String productId, String name, String description, BigDecimal price, String currency, int stock) {

  public static final String TYPE_NAME = "Product";

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<Product> {
    public Serializer() {
      super(TYPE_NAME, Product.class);
    }

    @Override
    public Product read(CompactReader reader) {
      return new Product(
          reader.readString("productId"),
          reader.readString("name"),
          reader.readString("description"),
          reader.readDecimal("price"),
          reader.readString("currency"),
          reader.readInt32("stock"));
    }

    @Override
    public void write(CompactWriter writer, Product product) {
      writer.writeString("productId", product.productId());
      writer.writeString("name", product.name());
      writer.writeString("description", product.description());
      writer.writeDecimal("price", product.price());
      writer.writeString("currency", product.currency());
      writer.writeInt32("stock", product.stock());
    }
  }
}
