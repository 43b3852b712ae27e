package com.flashsale.web.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.node.domain.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON object read field by field with strict types: a field of the wrong type, a missing required field,
 * a value out of range or one PostgreSQL could not store as given ({@link StorableInput}) is a 400
 * INVALID_REQUEST naming the field (with its path inside arrays).
 */
public final class JsonObject {

  private final JsonNode node;
  private final String path;

  JsonObject(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  public String id(String field) {
    String value = requiredText(field);
    if (!Ids.isValid(value)) {
      throw ApiError.invalid(name(field) + " must be 1..64 characters of [A-Za-z0-9._:-]");
    }
    return value;
  }

  public String requiredText(String field) {
    String value = optionalText(field, null);
    if (value == null) {
      throw ApiError.invalid(name(field) + " is required and must be a string");
    }
    return value;
  }

  /** A string of at most {@code maxLength} characters, or {@code fallback} when absent or null. */
  public String optionalText(String field, String fallback) {
    return optionalText(field, fallback, 10_000);
  }

  public String optionalText(String field, String fallback, int maxLength) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw ApiError.invalid(name(field) + " must be a string");
    }
    if (value.textValue().length() > maxLength) {
      throw ApiError.invalid(name(field) + " must be at most " + maxLength + " characters");
    }
    return StorableInput.text(name(field), value.textValue());
  }

  public String name(String field, int maxLength) {
    String value = requiredText(field);
    if (value.isBlank() || value.length() > maxLength) {
      throw ApiError.invalid(name(field) + " must be 1.." + maxLength + " characters, not blank");
    }
    return value;
  }

  /** A JSON boolean ({@code true}/{@code false}, not a string), or {@code fallback} when absent or null. */
  public boolean optionalBoolean(String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiError.invalid(name(field) + " must be true or false");
    }
    return value.booleanValue();
  }

  /** An integer in [min, max] (a JSON integer: not a string, not a fraction). */
  public int integer(String field, int min, int max, Integer fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw ApiError.invalid(name(field) + " is required and must be an integer");
      }
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      throw ApiError.invalid(name(field) + " must be an integer from " + min + " to " + max);
    }
    return value.intValue();
  }

  public Instant instant(String field) {
    String value = requiredText(field);
    try {
      return StorableInput.instant(name(field), Instant.parse(value));
    } catch (DateTimeParseException notAnInstant) {
      throw ApiError.invalid(name(field) + " must be an ISO-8601 UTC instant such as 2026-11-21T10:00:00Z");
    }
  }

  /** Money: a decimal string, not negative, with no more decimals than {@code currency} has (EUR 2, JPY 0). */
  public BigDecimal money(String field, java.util.Currency currency) {
    String value = requiredText(field);
    if (!value.matches("\\d{1,15}(\\.\\d{1,4})?")) {
      throw ApiError.invalid(name(field) + " must be a decimal string such as \"19.99\"");
    }
    BigDecimal amount = new BigDecimal(value);
    if (amount.scale() > currency.getDefaultFractionDigits()) {
      throw ApiError.invalid(name(field) + " has more decimals than " + currency.getCurrencyCode() + " allows ("
          + currency.getDefaultFractionDigits() + ")");
    }
    return amount;
  }

  /** An ISO-4217 code of a real currency: not the codes for funds, precious metals or testing (no minor unit). */
  public java.util.Currency currency(String field) {
    String value = requiredText(field);
    java.util.Currency currency = value.matches("[A-Z]{3}") ? knownCurrency(value) : null;
    if (currency == null || currency.getDefaultFractionDigits() < 0) {
      throw ApiError.invalid(name(field) + " must be an ISO-4217 code such as \"EUR\"");
    }
    return currency;
  }

  public List<JsonObject> objects(String field, int minSize, int maxSize) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray() || value.size() < minSize || value.size() > maxSize) {
      throw ApiError.invalid(name(field) + " must be an array of " + minSize + ".." + maxSize + " objects");
    }
    List<JsonObject> objects = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isObject()) {
        throw ApiError.invalid(name(field) + "[" + i + "] must be an object");
      }
      objects.add(new JsonObject(value.get(i), name(field) + "[" + i + "]."));
    }
    return objects;
  }

  /** The object under {@code field}, or null when the field is absent or null. */
  public JsonObject optionalObject(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiError.invalid(name(field) + " must be an object");
    }
    return new JsonObject(value, name(field) + ".");
  }

  private String name(String field) {
    return path + field;
  }

  private static java.util.Currency knownCurrency(String code) {
    try {
      return java.util.Currency.getInstance(code);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }
}
