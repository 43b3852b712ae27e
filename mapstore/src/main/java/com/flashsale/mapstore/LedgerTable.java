package com.flashsale.mapstore;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.WaitingRoom;
import com.flashsale.node.service.WriteBehindLag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Map {@code ledgers}: a product's stock row in table {@code stock}, plus its orders in table {@code orders} and
 * its waiting room's tickets in table {@code tickets}. A write locks the stock rows, writes every order and
 * ticket each ledger changed after its row's version, then the rows:
 * all in the caller's transaction, so PostgreSQL holds each product at one ledger version, never its stock at
 * one version and its orders at another. Writing a ledger again, or an older one, changes nothing (both tables
 * are version-guarded), so a retried or repeated write is harmless, and any later write of a product also
 * writes whatever an earlier, lost write of it carried.
 *
 * <p>A load rebuilds each ledger from its row (total, window, version) and its orders: the figures are derived
 * from the orders, as in the grid.
 */
final class LedgerTable implements Table<ProductKey, Ledger> {

  private static final String UPSERT = """
      INSERT INTO stock AS stored (sale_id, product_id, total, available, held, confirmed, opens_at, closes_at, version,
                                   room_admit_per_second, room_admission_seconds)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sale_id, product_id) DO UPDATE SET
        total = EXCLUDED.total, available = EXCLUDED.available, held = EXCLUDED.held,
        confirmed = EXCLUDED.confirmed, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at,
        version = EXCLUDED.version, room_admit_per_second = EXCLUDED.room_admit_per_second,
        room_admission_seconds = EXCLUDED.room_admission_seconds
      WHERE stored.version < EXCLUDED.version""";

  // The keys arrive as two parallel arrays: one statement for a whole batch, whatever its size.
  private static final String WANTED = "JOIN unnest(?::text[], ?::text[]) AS wanted (sale_id, product_id) USING (sale_id, product_id)";

  private static final String LOCK_VERSIONS = "SELECT sale_id, product_id, version FROM stock " + WANTED
      + " ORDER BY sale_id, product_id FOR UPDATE OF stock";

  private static final String SELECT = "SELECT sale_id, product_id, total, opens_at, closes_at, version,"
      + " room_admit_per_second, room_admission_seconds FROM stock " + WANTED;

  private static final String SELECT_ORDERS = "SELECT " + OrderTable.COLUMNS_QUALIFIED + " FROM orders " + WANTED
      + " WHERE " + OrderTable.REAL;

  private static final String DELETE = """
      DELETE FROM stock USING unnest(?::text[], ?::text[]) AS doomed (sale_id, product_id)
      WHERE stock.sale_id = doomed.sale_id AND stock.product_id = doomed.product_id""";

  private final OrderTable orders = new OrderTable();
  private final TicketTable tickets = new TicketTable();
  /** Told, for each write, when the oldest change it carries was made (write-behind's {@link WriteBehindLag}). */
  private final Consumer<Instant> oldestChangeWritten;

  /**
   * For the member's write-behind: each write that carries orders tells {@code oldestChangeWritten} when the oldest
   * of their changes was made ({@link WriteBehindLag#written}).
   */
  LedgerTable(Consumer<Instant> oldestChangeWritten) {
    this.oldestChangeWritten = oldestChangeWritten;
  }

  /** For writes that are not write-behind's (reconciliation's repairs, tests, tools): their age says nothing. */
  LedgerTable() {
    this.oldestChangeWritten = oldest -> { };
  }

  @Override
  public String name() {
    return "stock";
  }

  @Override
  public void upsert(Connection connection, Map<ProductKey, Ledger> entries) throws SQLException {
    // Locked in key order, so two writers of overlapping batches (write-behind, a repair) cannot deadlock.
    Map<ProductKey, Long> stored = Sql.selectMap(connection, LOCK_VERSIONS, select -> bindKeys(connection, select,
        entries.keySet()), LedgerTable::key, row -> row.getLong("version"));
    List<Order> changed = new ArrayList<>();
    Map<ProductKey, List<Ticket>> changedTickets = new HashMap<>();
    Instant oldest = null;
    for (Map.Entry<ProductKey, Ledger> entry : entries.entrySet()) {
      long storedVersion = stored.getOrDefault(entry.getKey(), 0L);
      List<Order> changedHere = entry.getValue().changedAfter(storedVersion);
      // In the order of their changes: the first is the one that has waited longest.
      if (!changedHere.isEmpty() && (oldest == null || changedHere.get(0).updatedAt().isBefore(oldest))) {
        oldest = changedHere.get(0).updatedAt();
      }
      changed.addAll(changedHere);
      changedTickets.put(entry.getKey(), entry.getValue().ticketsChangedAfter(storedVersion));
    }
    if (oldest != null) {
      oldestChangeWritten.accept(oldest);
    }
    orders.upsert(connection, changed);
    tickets.upsert(connection, changedTickets);
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<ProductKey, Ledger> entry : entries.entrySet()) {
        bind(upsert, entry.getKey(), entry.getValue());
        upsert.addBatch();
      }
      Sql.checkBatch(upsert.executeBatch(), "upserting stock");
    }
  }

  @Override
  public void delete(Connection connection, Collection<ProductKey> keys) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      bindKeys(connection, delete, keys);
      delete.executeUpdate();
    }
  }

  /**
   * Reads the stock rows and their orders in one REPEATABLE READ snapshot, so that a write of a product between
   * the two statements cannot give a ledger at its new version without that write's orders.
   */
  @Override
  public Map<ProductKey, Ledger> load(Connection connection, Collection<ProductKey> keys) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    int isolation = connection.getTransactionIsolation();
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      return loadInOneSnapshot(connection, keys);
    } finally {
      connection.rollback();
      connection.setTransactionIsolation(isolation);
      connection.setAutoCommit(autoCommit);
    }
  }

  private Map<ProductKey, Ledger> loadInOneSnapshot(Connection connection, Collection<ProductKey> keys)
      throws SQLException {
    Map<ProductKey, List<Order>> ordersOf = new HashMap<>();
    Sql.selectList(connection, SELECT_ORDERS, select -> bindKeys(connection, select, keys), OrderTable::order)
        .forEach(order -> ordersOf.computeIfAbsent(order.productKey(), product -> new ArrayList<>()).add(order));
    Map<ProductKey, List<Ticket>> ticketsOf = tickets.load(connection, WANTED, select -> bindKeys(connection, select, keys));
    return Sql.selectMap(connection, SELECT, select -> bindKeys(connection, select, keys), LedgerTable::key,
        row -> Ledger.of(key(row).saleId(), row.getInt("total"), Sql.epochMillis(row, "opens_at"),
            Sql.epochMillis(row, "closes_at"), row.getLong("version"), ordersOf.getOrDefault(key(row), List.of()),
            room(row), ticketsOf.getOrDefault(key(row), List.of())));
  }

  /** The product's waiting room as its row stores it, or null for a sale without one. */
  private static WaitingRoom room(ResultSet row) throws SQLException {
    int admitPerSecond = row.getInt("room_admit_per_second");
    return row.wasNull() ? null : new WaitingRoom(admitPerSecond, row.getInt("room_admission_seconds"));
  }

  @Override
  public List<ProductKey> keys(Connection connection) throws SQLException {
    return Sql.selectList(connection, "SELECT sale_id, product_id FROM stock", Sql.Parameters.NONE, LedgerTable::key);
  }

  /** The stored versions of those products that have a row: how far PostgreSQL has each ledger. */
  Map<ProductKey, Long> versions(Connection connection, Collection<ProductKey> keys) throws SQLException {
    return Sql.selectMap(connection, "SELECT sale_id, product_id, version FROM stock " + WANTED,
        select -> bindKeys(connection, select, keys), LedgerTable::key, row -> row.getLong("version"));
  }

  private static void bind(PreparedStatement statement, ProductKey key, Ledger ledger) throws SQLException {
    statement.setString(1, key.saleId());
    statement.setString(2, key.productId());
    statement.setInt(3, ledger.total());
    statement.setInt(4, ledger.available());
    statement.setInt(5, ledger.pending());
    statement.setInt(6, ledger.confirmed());
    Sql.setEpochMillis(statement, 7, ledger.opensAt());
    Sql.setEpochMillis(statement, 8, ledger.closesAt());
    statement.setLong(9, ledger.version());
    WaitingRoom room = ledger.roomConfig();
    Sql.setNullableInt(statement, 10, room == null ? null : room.admitPerSecond());
    Sql.setNullableInt(statement, 11, room == null ? null : room.admissionSeconds());
  }

  private static void bindKeys(Connection connection, PreparedStatement statement, Collection<ProductKey> keys)
      throws SQLException {
    statement.setArray(1, Sql.textArray(connection, keys, ProductKey::saleId));
    statement.setArray(2, Sql.textArray(connection, keys, ProductKey::productId));
  }

  private static ProductKey key(ResultSet row) throws SQLException {
    return new ProductKey(row.getString("sale_id"), row.getString("product_id"));
  }
}
