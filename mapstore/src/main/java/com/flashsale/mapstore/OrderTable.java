package com.flashsale.mapstore;

import com.flashsale.node.domain.CancelReason;
import com.flashsale.node.domain.Order;
import com.flashsale.node.domain.OrderStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Table {@code orders}, keyed by order id: written and read by {@link LedgerTable} only (an order reaches
 * PostgreSQL in its ledger's transaction and comes back inside its ledger). Rows of the retired VOIDED
 * tombstones (schema V1) are never read.
 */
final class OrderTable {

  private static final String COLUMNS = "order_id, sale_id, product_id, user_id, quantity, unit_price, currency,"
      + " status, cancel_reason, created_at, updated_at, expires_at, payment_ref, version, idempotency_key, request_hash";

  /** The same columns, qualified, for queries that join another relation. */
  static final String COLUMNS_QUALIFIED = "orders." + COLUMNS.replace(", ", ", orders.");

  /** Every order that is one: the retired VOIDED tombstones of schema V1 are not. */
  static final String REAL = "status <> 'VOIDED'";

  private static final String UPSERT = "INSERT INTO orders AS stored (" + COLUMNS + """
      ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (order_id) DO UPDATE SET
        sale_id = EXCLUDED.sale_id, product_id = EXCLUDED.product_id, user_id = EXCLUDED.user_id,
        quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price, currency = EXCLUDED.currency,
        status = EXCLUDED.status, cancel_reason = EXCLUDED.cancel_reason, created_at = EXCLUDED.created_at,
        updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at, payment_ref = EXCLUDED.payment_ref,
        version = EXCLUDED.version, idempotency_key = EXCLUDED.idempotency_key, request_hash = EXCLUDED.request_hash
      WHERE stored.version < EXCLUDED.version""";

  /** Writes the orders, each only over an older version of its row. */
  void upsert(Connection connection, Collection<Order> orders) throws SQLException {
    if (orders.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Order order : orders) {
        bind(upsert, order);
        upsert.addBatch();
      }
      Sql.checkBatch(upsert.executeBatch(), "upserting orders");
    }
  }

  private static void bind(PreparedStatement statement, Order order) throws SQLException {
    statement.setLong(1, order.orderId());
    statement.setString(2, order.saleId());
    statement.setString(3, order.productId());
    statement.setString(4, order.userId());
    statement.setInt(5, order.quantity());
    statement.setBigDecimal(6, order.unitPrice());
    statement.setString(7, order.currency());
    statement.setString(8, order.status().name());
    statement.setString(9, order.cancelReason() == null ? null : order.cancelReason().name());
    Sql.setInstant(statement, 10, order.createdAt());
    Sql.setInstant(statement, 11, order.updatedAt());
    Sql.setInstant(statement, 12, order.expiresAt());
    statement.setString(13, order.paymentRef());
    statement.setLong(14, order.version());
    statement.setString(15, order.idempotencyKey());
    statement.setString(16, order.requestHash());
  }

  /** The order a row of {@link #COLUMNS} holds. */
  static Order order(ResultSet row) throws SQLException {
    String cancelReason = row.getString("cancel_reason");
    return new Order(row.getLong("order_id"), row.getString("sale_id"), row.getString("product_id"),
        row.getString("user_id"), row.getInt("quantity"), row.getBigDecimal("unit_price"), row.getString("currency"),
        OrderStatus.valueOf(row.getString("status")), cancelReason == null ? null : CancelReason.valueOf(cancelReason),
        Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"), Sql.instant(row, "expires_at"),
        row.getString("payment_ref"), row.getLong("version"), row.getString("idempotency_key"),
        row.getString("request_hash"));
  }
}
