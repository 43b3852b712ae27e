package com.flashsale.node.jet;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The statistics job's figures for one sale, as it last wrote them to the {@code sale-stats} map: orders and
 * units by their latest status (PENDING, CONFIRMED, CANCELLED), confirmed revenue per currency, rejections by
 * error code, orders and rejections per second (the last two minutes, by the second they happened in) and
 * the first instant each product had no unit left, and each product's waiting-room figures ({@link RoomStats}).
 * The order and unit counts and the revenue are the ledgers' own, so they are exact, also right after a restart
 * of the whole cluster; rejections, sold-out instants and rooms count what the job has read since it started.
 */
public record SaleStats(
    String saleId,
    long updatedAt,
    Map<String, Long> ordersByStatus,
    Map<String, Long> unitsByStatus,
    Map<String, BigDecimal> revenue,
    Map<String, Long> rejections,
    SortedMap<Long, Long> placedPerSecond,
    SortedMap<Long, Long> rejectedPerSecond,
    Map<String, Long> soldOutAt,
    Map<String, RoomStats> rooms) {

  public static final String TYPE_NAME = "SaleStats";

  public SaleStats {
    ordersByStatus = Collections.unmodifiableMap(new LinkedHashMap<>(ordersByStatus));
    unitsByStatus = Collections.unmodifiableMap(new LinkedHashMap<>(unitsByStatus));
    revenue = Collections.unmodifiableMap(new TreeMap<>(revenue));
    rejections = Collections.unmodifiableMap(new TreeMap<>(rejections));
    placedPerSecond = Collections.unmodifiableSortedMap(new TreeMap<>(placedPerSecond));
    rejectedPerSecond = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedPerSecond));
    soldOutAt = Collections.unmodifiableMap(new TreeMap<>(soldOutAt));
    rooms = Collections.unmodifiableMap(new TreeMap<>(rooms));
  }

  /** The same figures for a sale without a waiting room. */
  public SaleStats(String saleId, long updatedAt, Map<String, Long> ordersByStatus, Map<String, Long> unitsByStatus,
      Map<String, BigDecimal> revenue, Map<String, Long> rejections, SortedMap<Long, Long> placedPerSecond,
      SortedMap<Long, Long> rejectedPerSecond, Map<String, Long> soldOutAt) {
    this(saleId, updatedAt, ordersByStatus, unitsByStatus, revenue, rejections, placedPerSecond, rejectedPerSecond,
        soldOutAt, Map.of());
  }

  /** The average of orders placed per second over the {@code seconds} whole seconds before {@code nowMillis}. */
  public double ordersPerSecond(long nowMillis, int seconds) {
    return perSecond(placedPerSecond, nowMillis, seconds);
  }

  /** The same average for rejected placements. */
  public double rejectionsPerSecond(long nowMillis, int seconds) {
    return perSecond(rejectedPerSecond, nowMillis, seconds);
  }

  /**
   * Averaged at read time over whole seconds before now, so a sale that went quiet falls to zero even though
   * the job, which only runs when events arrive, wrote its last figures seconds ago.
   */
  private static double perSecond(SortedMap<Long, Long> series, long nowMillis, int seconds) {
    long currentSecond = Math.floorDiv(nowMillis, 1000);
    long total = series.subMap(currentSecond - seconds, currentSecond).values().stream().mapToLong(Long::longValue).sum();
    return (double) total / seconds;
  }

  /** Compact serializer; the type name is permanent. Maps are written as parallel arrays of keys and values. */
  public static final class Serializer extends TypedSerializer<SaleStats> {
    public Serializer() {
      super(TYPE_NAME, SaleStats.class);
    }

    @Override
    public SaleStats read(CompactReader reader) {
      Map<String, BigDecimal> revenue = new TreeMap<>();
      String[] currencies = reader.readArrayOfString("revenueCurrencies");
      BigDecimal[] amounts = reader.readArrayOfDecimal("revenueAmounts");
      for (int i = 0; i < currencies.length; i++) {
        revenue.put(currencies[i], amounts[i]);
      }
      return new SaleStats(reader.readString("saleId"), reader.readInt64("updatedAt"),
          counts(reader, "ordersByStatus", new LinkedHashMap<>()), counts(reader, "unitsByStatus", new LinkedHashMap<>()),
          revenue, counts(reader, "rejections", new TreeMap<>()), series(reader, "placedPerSecond"),
          series(reader, "rejectedPerSecond"), counts(reader, "soldOutAt", new TreeMap<>()), rooms(reader));
    }

    /** A room's figures as parallel arrays by product; its series flattened into (product index, second, count). */
    private static Map<String, RoomStats> rooms(CompactReader reader) {
      String[] products = reader.readArrayOfString("roomProducts");
      long[][] figures = new long[5][];
      for (int figure = 0; figure < 5; figure++) {
        figures[figure] = reader.readArrayOfInt64(ROOM_FIGURES[figure]);
      }
      int[] seriesProduct = reader.readArrayOfInt32("roomSeriesProduct");
      long[] seriesSecond = reader.readArrayOfInt64("roomSeriesSecond");
      long[] seriesCount = reader.readArrayOfInt64("roomSeriesCount");
      Map<String, RoomStats> rooms = new TreeMap<>();
      for (int i = 0; i < products.length; i++) {
        SortedMap<Long, Long> series = new TreeMap<>();
        for (int point = 0; point < seriesProduct.length; point++) {
          if (seriesProduct[point] == i) {
            series.put(seriesSecond[point], seriesCount[point]);
          }
        }
        rooms.put(products[i], new RoomStats(figures[0][i], figures[1][i], figures[2][i], figures[3][i], figures[4][i],
            series));
      }
      return rooms;
    }

    private static final String[] ROOM_FIGURES = {"roomWaiting", "roomJoined", "roomAdmitted", "roomExpired", "roomSoldOut"};

    private static void writeRooms(CompactWriter writer, Map<String, RoomStats> rooms) {
      List<RoomStats> stats = List.copyOf(rooms.values());
      writer.writeArrayOfString("roomProducts", rooms.keySet().toArray(new String[0]));
      writer.writeArrayOfInt64("roomWaiting", stats.stream().mapToLong(RoomStats::waiting).toArray());
      writer.writeArrayOfInt64("roomJoined", stats.stream().mapToLong(RoomStats::joined).toArray());
      writer.writeArrayOfInt64("roomAdmitted", stats.stream().mapToLong(RoomStats::admitted).toArray());
      writer.writeArrayOfInt64("roomExpired", stats.stream().mapToLong(RoomStats::expired).toArray());
      writer.writeArrayOfInt64("roomSoldOut", stats.stream().mapToLong(RoomStats::soldOut).toArray());
      List<int[]> product = new ArrayList<>();
      List<long[]> points = new ArrayList<>();
      for (int i = 0; i < stats.size(); i++) {
        for (Map.Entry<Long, Long> point : stats.get(i).admittedPerSecond().entrySet()) {
          product.add(new int[] {i});
          points.add(new long[] {point.getKey(), point.getValue()});
        }
      }
      writer.writeArrayOfInt32("roomSeriesProduct", product.stream().mapToInt(index -> index[0]).toArray());
      writer.writeArrayOfInt64("roomSeriesSecond", points.stream().mapToLong(point -> point[0]).toArray());
      writer.writeArrayOfInt64("roomSeriesCount", points.stream().mapToLong(point -> point[1]).toArray());
    }

    @Override
    public void write(CompactWriter writer, SaleStats stats) {
      writer.writeString("saleId", stats.saleId());
      writer.writeInt64("updatedAt", stats.updatedAt());
      writeCounts(writer, "ordersByStatus", stats.ordersByStatus());
      writeCounts(writer, "unitsByStatus", stats.unitsByStatus());
      writer.writeArrayOfString("revenueCurrencies", stats.revenue().keySet().toArray(new String[0]));
      writer.writeArrayOfDecimal("revenueAmounts", stats.revenue().values().toArray(new BigDecimal[0]));
      writeCounts(writer, "rejections", stats.rejections());
      writeSeries(writer, "placedPerSecond", stats.placedPerSecond());
      writeSeries(writer, "rejectedPerSecond", stats.rejectedPerSecond());
      writeCounts(writer, "soldOutAt", stats.soldOutAt());
      writeRooms(writer, stats.rooms());
    }

    private static Map<String, Long> counts(CompactReader reader, String name, Map<String, Long> into) {
      String[] keys = reader.readArrayOfString(name + "Keys");
      long[] values = reader.readArrayOfInt64(name + "Values");
      for (int i = 0; i < keys.length; i++) {
        into.put(keys[i], values[i]);
      }
      return into;
    }

    private static SortedMap<Long, Long> series(CompactReader reader, String name) {
      long[] seconds = reader.readArrayOfInt64(name + "Seconds");
      long[] values = reader.readArrayOfInt64(name + "Values");
      SortedMap<Long, Long> series = new TreeMap<>();
      for (int i = 0; i < seconds.length; i++) {
        series.put(seconds[i], values[i]);
      }
      return series;
    }

    private static void writeCounts(CompactWriter writer, String name, Map<String, Long> counts) {
      writer.writeArrayOfString(name + "Keys", counts.keySet().toArray(new String[0]));
      writer.writeArrayOfInt64(name + "Values", counts.values().stream().mapToLong(Long::longValue).toArray());
    }

    private static void writeSeries(CompactWriter writer, String name, SortedMap<Long, Long> series) {
      writer.writeArrayOfInt64(name + "Seconds", series.keySet().stream().mapToLong(Long::longValue).toArray());
      writer.writeArrayOfInt64(name + "Values", series.values().stream().mapToLong(Long::longValue).toArray());
    }
  }

  @Override
  public String toString() {
    return "SaleStats[" + saleId + " orders=" + ordersByStatus + " units=" + unitsByStatus + " revenue=" + revenue
        + " rejections=" + rejections + " soldOutAt=" + soldOutAt + " seconds=" + Arrays.toString(
            placedPerSecond.keySet().toArray()) + "]";
  }
}
