package com.flashsale.node.domain;

import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order: who bought how many units of which product at what price, and where it is in its life.
 * {@code expiresAt} is set exactly while the order is PENDING; {@code cancelReason} exactly when it is
 * CANCELLED. {@code version} is the version of its product's {@link Ledger} at the order's last change, so
 * it grows with every transition, and the ledger's store writes exactly the orders newer than its last row.
 * {@code idempotencyKey} and {@code requestHash} are set when the placement carried an Idempotency-Key:
 * they are stored in the order's own row, so a restart never keeps a key without its order or the reverse.
 */
public record Order(
    long orderId,
    String saleId,
    String productId,
    String userId,
    int quantity,
    BigDecimal unitPrice,
    String currency,
    OrderStatus status,
    CancelReason cancelReason,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    String paymentRef,
    long version,
    String idempotencyKey,
    String requestHash) {

  public static final String TYPE_NAME = "Order";

  /**
   * A new order for units already taken: PENDING until paid within the sale's payment window, or
   * CONFIRMED at once when the window is zero.
   */
  public static Order placed(long orderId, Sale sale, Product product, String userId, int quantity, Instant now) {
    return placed(orderId, new ProductKey(sale.saleId(), product.productId()), userId, quantity, product.price(),
        product.currency(), sale.paymentWindowSeconds(), now, null, null);
  }

  /** The same, from the figures a ledger operation carries; the ledger numbers it with its own version. */
  public static Order placed(long orderId, ProductKey product, String userId, int quantity, BigDecimal unitPrice,
      String currency, int paymentWindowSeconds, Instant now, String idempotencyKey, String requestHash) {
    boolean paymentNeeded = paymentWindowSeconds > 0;
    return new Order(orderId, product.saleId(), product.productId(), userId, quantity, unitPrice, currency,
        paymentNeeded ? OrderStatus.PENDING : OrderStatus.CONFIRMED, null, now, now,
        paymentNeeded ? now.plusSeconds(paymentWindowSeconds) : null, null, 1, idempotencyKey, requestHash);
  }

  public ProductKey productKey() {
    return new ProductKey(saleId, productId);
  }

  /** Whether a PENDING order's payment window has passed at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return status == OrderStatus.PENDING && expiresAt != null && !now.isBefore(expiresAt);
  }

  public Order confirmed(String paymentRef, Instant now) {
    return new Order(orderId, saleId, productId, userId, quantity, unitPrice, currency, OrderStatus.CONFIRMED, null,
        createdAt, now, null, paymentRef, version + 1, idempotencyKey, requestHash);
  }

  public Order cancelled(CancelReason reason, String paymentRef, Instant now) {
    return new Order(orderId, saleId, productId, userId, quantity, unitPrice, currency, OrderStatus.CANCELLED, reason,
        createdAt, now, null, paymentRef == null ? this.paymentRef : paymentRef, version + 1, idempotencyKey,
        requestHash);
  }

  /** This order unchanged but for its version: numbered by the ledger change that wrote it. */
  public Order withVersion(long newVersion) {
    return new Order(orderId, saleId, productId, userId, quantity, unitPrice, currency, status, cancelReason, createdAt,
        updatedAt, expiresAt, paymentRef, newVersion, idempotencyKey, requestHash);
  }

  /**
   * The same order, holding the values it shares with {@code sibling} (an order of the same product) as the
   * sibling's instances, and one instant for {@code createdAt} and an equal {@code updatedAt}: a ledger then keeps
   * one copy of its sale id, product id, price and currency for all its orders, not one per order (about 170 of
   * the bytes an order costs). Equal values, so nothing a reader sees changes.
   */
  public Order sharingWith(Order sibling) {
    String sale = saleId.equals(sibling.saleId) ? sibling.saleId : saleId;
    String product = productId.equals(sibling.productId) ? sibling.productId : productId;
    BigDecimal price = unitPrice.equals(sibling.unitPrice) ? sibling.unitPrice : unitPrice;
    String money = currency != null && currency.equals(sibling.currency) ? sibling.currency : currency;
    Instant updated = updatedAt.equals(createdAt) ? createdAt : updatedAt;
    if (sale == saleId && product == productId && price == unitPrice && money == currency && updated == updatedAt) {
      return this;
    }
    return new Order(orderId, sale, product, userId, quantity, price, money, status, cancelReason, createdAt, updated,
        expiresAt, paymentRef, version, idempotencyKey, requestHash);
  }

  /** Whether this order's units count against the stock and the user's limit (PENDING or CONFIRMED). */
  public boolean holdsUnits() {
    return status.holdsUnits();
  }

  /** Compact serializer; the type name is permanent. Enums are written by name. */
  public static final class Serializer extends TypedSerializer<Order> {
    public Serializer() {
      super(TYPE_NAME, Order.class);
    }

    @Override
    public Order read(CompactReader reader) {
      String cancelReason = reader.readString("cancelReason");
      Long expiresAt = reader.readNullableInt64("expiresAt");
      long createdAt = reader.readInt64("createdAt");
      long updatedAt = reader.readInt64("updatedAt");
      Instant created = Instant.ofEpochMilli(createdAt);
      return new Order(
          reader.readInt64("orderId"),
          reader.readString("saleId"),
          reader.readString("productId"),
          reader.readString("userId"),
          reader.readInt32("quantity"),
          reader.readDecimal("unitPrice"),
          reader.readString("currency"),
          OrderStatus.valueOf(reader.readString("status")),
          cancelReason == null ? null : CancelReason.valueOf(cancelReason),
          created,
          updatedAt == createdAt ? created : Instant.ofEpochMilli(updatedAt),
          expiresAt == null ? null : Instant.ofEpochMilli(expiresAt),
          reader.readString("paymentRef"),
          reader.readInt64("version"),
          reader.readString("idempotencyKey"),
          reader.readString("requestHash"));
    }

    @Override
    public void write(CompactWriter writer, Order order) {
      writer.writeInt64("orderId", order.orderId());
      writer.writeString("saleId", order.saleId());
      writer.writeString("productId", order.productId());
      writer.writeString("userId", order.userId());
      writer.writeInt32("quantity", order.quantity());
      writer.writeDecimal("unitPrice", order.unitPrice());
      writer.writeString("currency", order.currency());
      writer.writeString("status", order.status().name());
      writer.writeString("cancelReason", order.cancelReason() == null ? null : order.cancelReason().name());
      writer.writeInt64("createdAt", order.createdAt().toEpochMilli());
      writer.writeInt64("updatedAt", order.updatedAt().toEpochMilli());
      writer.writeNullableInt64("expiresAt", order.expiresAt() == null ? null : order.expiresAt().toEpochMilli());
      writer.writeString("paymentRef", order.paymentRef());
      writer.writeInt64("version", order.version());
      writer.writeString("idempotencyKey", order.idempotencyKey());
      writer.writeString("requestHash", order.requestHash());
    }
  }
}
