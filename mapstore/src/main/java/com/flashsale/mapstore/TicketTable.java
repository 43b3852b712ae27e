package com.flashsale.mapstore;

import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.domain.Ticket;
import com.flashsale.node.domain.TicketStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Table {@code tickets}: the waiting rooms' tickets, written and read only by {@link LedgerTable}, in the ledger's
 * transaction and snapshot. Each row is version-guarded, so a repeated or older write changes nothing.
 */
final class TicketTable {

  private static final String COLUMNS = "sale_id, product_id, seq, nonce, user_id, quantity, status, joined_at,"
      + " admitted_at, secret, admission_expires_at, order_id, updated_at, version";

  private static final String UPSERT = "INSERT INTO tickets AS stored (" + COLUMNS + """
      ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sale_id, product_id, seq) DO UPDATE SET
        nonce = EXCLUDED.nonce, user_id = EXCLUDED.user_id, quantity = EXCLUDED.quantity, status = EXCLUDED.status,
        joined_at = EXCLUDED.joined_at, admitted_at = EXCLUDED.admitted_at, secret = EXCLUDED.secret,
        admission_expires_at = EXCLUDED.admission_expires_at, order_id = EXCLUDED.order_id,
        updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
      WHERE stored.version < EXCLUDED.version""";

  /** Writes the tickets of each product. */
  void upsert(Connection connection, Map<ProductKey, List<Ticket>> changed) throws SQLException {
    if (changed.values().stream().allMatch(List::isEmpty)) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<ProductKey, List<Ticket>> product : changed.entrySet()) {
        for (Ticket ticket : product.getValue()) {
          bind(upsert, product.getKey(), ticket);
          upsert.addBatch();
        }
      }
      Sql.checkBatch(upsert.executeBatch(), "upserting tickets");
    }
  }

  /** The tickets of the products, by product; {@code wanted} is the join that selects them. */
  Map<ProductKey, List<Ticket>> load(Connection connection, String wanted, Sql.Parameters keys) throws SQLException {
    Map<ProductKey, List<Ticket>> byProduct = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM tickets " + wanted)) {
      keys.bind(select);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          byProduct.computeIfAbsent(new ProductKey(row.getString("sale_id"), row.getString("product_id")),
              product -> new ArrayList<>()).add(ticket(row));
        }
      }
    }
    return byProduct;
  }

  private static void bind(PreparedStatement statement, ProductKey product, Ticket ticket) throws SQLException {
    statement.setString(1, product.saleId());
    statement.setString(2, product.productId());
    statement.setLong(3, ticket.seq());
    statement.setString(4, ticket.nonce());
    statement.setString(5, ticket.userId());
    statement.setInt(6, ticket.quantity());
    statement.setString(7, ticket.status().name());
    statement.setLong(8, ticket.joinedAt());
    statement.setLong(9, ticket.admittedAt());
    statement.setString(10, ticket.secret());
    statement.setLong(11, ticket.admissionExpiresAt());
    statement.setLong(12, ticket.orderId());
    statement.setLong(13, ticket.updatedAt());
    statement.setLong(14, ticket.version());
  }

  private static Ticket ticket(ResultSet row) throws SQLException {
    return new Ticket(row.getLong("seq"), row.getString("nonce"), row.getString("user_id"), row.getInt("quantity"),
        TicketStatus.valueOf(row.getString("status")), row.getLong("joined_at"), row.getLong("admitted_at"),
        row.getString("secret"), row.getLong("admission_expires_at"), row.getLong("order_id"),
        row.getLong("updated_at"), row.getLong("version"));
  }
}
