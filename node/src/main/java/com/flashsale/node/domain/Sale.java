package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A flash sale: its window, rules and the products it offers, in the order the operator listed them.
 * {@code requireChallenge} says whether orders need a solved proof-of-work challenge; it is stored with the sale,
 * so it holds on every member from the moment the sale exists and survives a restart. {@code waitingRoom} is set
 * when shoppers queue per product before they may order (null: the fastest client wins, as before).
 * {@code endedAt} is set when an operator ends the sale early; the sale is ENDED from
 * {@code min(endsAt, endedAt)} on. {@code version} grows with every change, so a store can ignore stale writes.
 */
public record Sale(
    String saleId,
    String name,
    Instant startsAt,
    Instant endsAt,
    Instant endedAt,
    int perUserLimit,
    int paymentWindowSeconds,
    Map<String, Product> products,
    boolean requireChallenge,
    WaitingRoom waitingRoom,
    long version) {

  public static final String TYPE_NAME = "Sale";

  public Sale {
    products = Collections.unmodifiableMap(new LinkedHashMap<>(products));
  }

  /** A new sale; products keep the order of the list. */
  public static Sale create(
      String saleId, String name, Instant startsAt, Instant endsAt, int perUserLimit,
      int paymentWindowSeconds, List<Product> products) {
    Map<String, Product> byId = new LinkedHashMap<>();
    products.forEach(product -> byId.put(product.productId(), product));
    return new Sale(saleId, name, startsAt, endsAt, null, perUserLimit, paymentWindowSeconds, byId, false, null, 1);
  }

  /** This sale with shoppers queueing in a waiting room (null: none). */
  public Sale withWaitingRoom(WaitingRoom room) {
    return new Sale(saleId, name, startsAt, endsAt, endedAt, perUserLimit, paymentWindowSeconds, products,
        requireChallenge, room, version);
  }

  /** The position of a product in the operator's list (0 first), or -1: what a ticket id carries. */
  public int indexOf(String productId) {
    int index = 0;
    for (String id : products.keySet()) {
      if (id.equals(productId)) {
        return index;
      }
      index++;
    }
    return -1;
  }

  /** The product at {@code index} of the operator's list, if there is one. */
  public Optional<Product> productAt(int index) {
    return index < 0 || index >= products.size() ? Optional.empty()
        : products.values().stream().skip(index).findFirst();
  }

  /** The instant from which no order is taken: the planned end, or an operator's earlier end. */
  public Instant closesAt() {
    return endedAt != null && endedAt.isBefore(endsAt) ? endedAt : endsAt;
  }

  public SaleStatus statusAt(Instant now) {
    return SaleStatus.of(now.toEpochMilli(), startsAt.toEpochMilli(), closesAt().toEpochMilli());
  }

  public Optional<Product> product(String productId) {
    return Optional.ofNullable(products.get(productId));
  }

  /** This sale ended by an operator at {@code now}; ending an ended sale changes nothing. */
  public Sale endedAt(Instant now) {
    if (!now.isBefore(closesAt())) {
      return this;
    }
    return new Sale(saleId, name, startsAt, endsAt, now, perUserLimit, paymentWindowSeconds, products, requireChallenge,
        waitingRoom, version + 1);
  }

  /** The stock keys of every product of this sale. */
  public Set<ProductKey> productKeys() {
    return products.keySet().stream().map(productId -> new ProductKey(saleId, productId)).collect(Collectors.toSet());
  }

  /** The same sale under another version: what a split-brain merge keeps, numbered above both sides. */
  public Sale withVersion(long newVersion) {
    return new Sale(saleId, name, startsAt, endsAt, endedAt, perUserLimit, paymentWindowSeconds, products,
        requireChallenge, waitingRoom, newVersion);
  }

  /** This sale asking shoppers for a solved proof-of-work challenge with every order (or not). */
  public Sale withChallenge(boolean required) {
    return new Sale(saleId, name, startsAt, endsAt, endedAt, perUserLimit, paymentWindowSeconds, products, required,
        waitingRoom, version);
  }

  /**
   * Whether {@code other} is the sale this one was created as: everything an operator's create says, without
   * what changed since (an operator's end, the version). Repeating a create is judged by this. Instants are
   * compared as stored, to the millisecond.
   */
  public boolean sameDefinitionAs(Sale other) {
    return saleId.equals(other.saleId) && name.equals(other.name)
        && startsAt.toEpochMilli() == other.startsAt.toEpochMilli() && endsAt.toEpochMilli() == other.endsAt.toEpochMilli()
        && perUserLimit == other.perUserLimit
        && paymentWindowSeconds == other.paymentWindowSeconds && requireChallenge == other.requireChallenge
        && java.util.Objects.equals(waitingRoom, other.waitingRoom)
        && List.copyOf(products.values()).equals(List.copyOf(other.products.values()));
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<Sale> {
    public Serializer() {
      super(TYPE_NAME, Sale.class);
    }

    @Override
    public Sale read(CompactReader reader) {
      Product[] products = reader.readArrayOfCompact("products", Product.class);
      Map<String, Product> byId = new LinkedHashMap<>();
      for (Product product : products) {
        byId.put(product.productId(), product);
      }
      Long endedAt = reader.readNullableInt64("endedAt");
      int admitPerSecond = reader.readInt32("roomAdmitPerSecond");
      return new Sale(
          reader.readString("saleId"),
          reader.readString("name"),
          Instant.ofEpochMilli(reader.readInt64("startsAt")),
          Instant.ofEpochMilli(reader.readInt64("endsAt")),
          endedAt == null ? null : Instant.ofEpochMilli(endedAt),
          reader.readInt32("perUserLimit"),
          reader.readInt32("paymentWindowSeconds"),
          byId,
          reader.readBoolean("requireChallenge"),
          admitPerSecond == 0 ? null : new WaitingRoom(admitPerSecond, reader.readInt32("roomAdmissionSeconds")),
          reader.readInt64("version"));
    }

    @Override
    public void write(CompactWriter writer, Sale sale) {
      writer.writeString("saleId", sale.saleId());
      writer.writeString("name", sale.name());
      writer.writeInt64("startsAt", sale.startsAt().toEpochMilli());
      writer.writeInt64("endsAt", sale.endsAt().toEpochMilli());
      writer.writeNullableInt64("endedAt", sale.endedAt() == null ? null : sale.endedAt().toEpochMilli());
      writer.writeInt32("perUserLimit", sale.perUserLimit());
      writer.writeInt32("paymentWindowSeconds", sale.paymentWindowSeconds());
      writer.writeArrayOfCompact("products", sale.products().values().toArray(new Product[0]));
      writer.writeBoolean("requireChallenge", sale.requireChallenge());
      writer.writeInt32("roomAdmitPerSecond", sale.waitingRoom() == null ? 0 : sale.waitingRoom().admitPerSecond());
      writer.writeInt32("roomAdmissionSeconds", sale.waitingRoom() == null ? 0 : sale.waitingRoom().admissionSeconds());
      writer.writeInt64("version", sale.version());
    }
  }
}
