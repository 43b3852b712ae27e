package com.flashsale.mapstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.flashsale.node.domain.HeldOrder;
import com.flashsale.node.domain.Hold;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The jsonb form of the short lists stored inside a row: a stock's holds and a holding's orders. Field names
 * match the records', so an operator's {@code jsonb_array_elements} query reads like the code.
 */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String holds(List<Hold> holds) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Hold hold : holds) {
      array.addObject()
          .put("orderId", hold.orderId())
          .put("userId", hold.userId())
          .put("units", hold.units())
          .put("deadline", hold.deadline());
    }
    return array.toString();
  }

  static List<Hold> holds(String json) throws SQLException {
    List<Hold> holds = new ArrayList<>();
    for (JsonNode hold : parse(json)) {
      holds.add(new Hold(hold.get("orderId").asLong(), hold.get("userId").asText(), hold.get("units").asInt(),
          hold.get("deadline").asLong()));
    }
    return holds;
  }

  static String heldOrders(List<HeldOrder> orders) {
    ArrayNode array = MAPPER.createArrayNode();
    for (HeldOrder held : orders) {
      array.addObject()
          .put("orderId", held.orderId())
          .put("units", held.units())
          .put("reservedAt", held.reservedAt());
    }
    return array.toString();
  }

  static List<HeldOrder> heldOrders(String json) throws SQLException {
    List<HeldOrder> orders = new ArrayList<>();
    for (JsonNode held : parse(json)) {
      orders.add(new HeldOrder(held.get("orderId").asLong(), held.get("units").asInt(), held.get("reservedAt").asLong()));
    }
    return orders;
  }

  private static JsonNode parse(String json) throws SQLException {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException unreadable) {
      throw new SQLException("stored jsonb is not what the store writes: " + json, unreadable);
    }
  }
}
