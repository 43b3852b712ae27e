package com.flashsale.node.domain;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one user holds of one product (PENDING and CONFIRMED orders), one entry per order: the per-user
 * limit is checked against {@link #held()} atomically with the reservation. Entries name their order, so
 * reserving or releasing for an order twice changes nothing the second time. The list is short: every
 * entry holds at least one unit and their sum never exceeds the sale's per-user limit.
 */
public record Holding(List<HeldOrder> orders, long version) {

  public static final String TYPE_NAME = "Holding";

  public Holding {
    orders = List.copyOf(orders);
  }

  public static Holding empty() {
    return new Holding(List.of(), 0);
  }

  public int held() {
    return orders.stream().mapToInt(HeldOrder::units).sum();
  }

  public Optional<HeldOrder> order(long orderId) {
    return orders.stream().filter(held -> held.orderId() == orderId).findFirst();
  }

  /** The order's share added; an order that already has its share keeps it unchanged. */
  public Holding reserve(long orderId, int units, long now) {
    if (order(orderId).isPresent()) {
      return this;
    }
    List<HeldOrder> next = new ArrayList<>(orders);
    next.add(new HeldOrder(orderId, units, now));
    return new Holding(next, version + 1);
  }

  /** Without the order's share; unchanged when the order holds nothing here. */
  public Holding release(long orderId) {
    if (order(orderId).isEmpty()) {
      return this;
    }
    return new Holding(orders.stream().filter(held -> held.orderId() != orderId).toList(), version + 1);
  }

  public boolean isEmpty() {
    return orders.isEmpty();
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer implements CompactSerializer<Holding> {
    @Override
    public Holding read(CompactReader reader) {
      return new Holding(Arrays.asList(reader.readArrayOfCompact("orders", HeldOrder.class)), reader.readInt64("version"));
    }

    @Override
    public void write(CompactWriter writer, Holding holding) {
      writer.writeArrayOfCompact("orders", holding.orders().toArray(new HeldOrder[0]));
      writer.writeInt64("version", holding.version());
      writer.writeInt32("held", holding.held());
    }

    @Override
    public String getTypeName() {
      return TYPE_NAME;
    }

    @Override
    public Class<Holding> getCompactClass() {
      return Holding.class;
    }
  }
}
