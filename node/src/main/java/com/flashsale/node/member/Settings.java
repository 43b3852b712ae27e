package com.flashsale.node.member;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything a member reads from its environment, read and validated once at start. A bad value fails
 * fast with a message naming the variable. Defaults suit one machine; see the README's configuration table.
 *
 * @param databaseSchema the PostgreSQL schema of the tables (created and migrated at start)
 * @param adminToken the operator token, or {@code null} to have one generated at start
 * @param hazelcastConfig the operator's hazelcast.yaml, or {@code null} for the copy on the classpath
 * @param minMembers the smallest cluster that may change stock and orders (split-brain protection)
 * @param given the {@code FLASHSALE_*} variables the environment set: only these win over Hazelcast's own
 *     {@code HZ_*} and {@code -Dhz.*} overrides and the file; the others are defaults that never overwrite them
 */
public record Settings(
    int httpPort,
    String clusterName,
    int hazelcastPort,
    List<String> members,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String databaseSchema,
    String adminToken,
    Path hazelcastConfig,
    int minMembers,
    int reconciliationPace,
    Set<String> given) {

  public Settings {
    given = Set.copyOf(given);
  }

  public static Settings defaults() {
    return fromEnvironment(Map.of());
  }

  public static Settings fromEnvironment(Map<String, String> env) {
    Settings settings = new Settings(
        port(env, "FLASHSALE_HTTP_PORT", 8080, 0),
        text(env, "FLASHSALE_CLUSTER_NAME", "flashsale"),
        port(env, "FLASHSALE_HZ_PORT", 5701, 1),
        members(env),
        text(env, "FLASHSALE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/flashsale"),
        text(env, "FLASHSALE_DB_USER", "flashsale"),
        env.getOrDefault("FLASHSALE_DB_PASSWORD", "flashsale"),
        schema(env),
        adminToken(env),
        hazelcastConfig(env),
        positive(env, "FLASHSALE_MIN_MEMBERS", 1),
        positive(env, "FLASHSALE_RECONCILIATION_PACE", Timings.DEFAULT_RECONCILIATION_PACE),
        given(env));
    return settings;
  }

  /** Whether the environment set {@code variable} rather than leaving it to its default. */
  public boolean isGiven(String variable) {
    return given.contains(variable);
  }

  private static Set<String> given(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("FLASHSALE_") && entry.getValue() != null && !entry.getValue().isBlank())
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static int port(Map<String, String> env, String key, int fallback, int lowest) {
    return new Environment(env).integer(key, fallback, lowest, 65535);
  }

  private static int positive(Map<String, String> env, String key, int fallback) {
    return new Environment(env).integer(key, fallback, 1, Integer.MAX_VALUE);
  }

  private static String text(Map<String, String> env, String key, String fallback) {
    return new Environment(env).text(key, fallback);
  }

  private static List<String> members(Map<String, String> env) {
    List<String> members = Arrays.stream(text(env, "FLASHSALE_MEMBERS", "127.0.0.1").split(","))
        .map(String::trim)
        .filter(member -> !member.isEmpty())
        .toList();
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:]+\\](:\\d{1,5})?")) {
        throw new IllegalArgumentException("FLASHSALE_MEMBERS must be a comma list of host[:port], got '" + member + "'");
      }
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("FLASHSALE_MEMBERS must name at least one host");
    }
    return members;
  }

  private static String schema(Map<String, String> env) {
    String schema = text(env, "FLASHSALE_DB_SCHEMA", "public");
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("FLASHSALE_DB_SCHEMA must be a lower-case SQL identifier, got '" + schema + "'");
    }
    return schema;
  }

  private static String adminToken(Map<String, String> env) {
    String token = env.get("FLASHSALE_ADMIN_TOKEN");
    if (token == null || token.isEmpty()) {
      return null;
    }
    if (token.length() < 16) {
      throw new IllegalArgumentException("FLASHSALE_ADMIN_TOKEN must be at least 16 characters, got " + token.length());
    }
    return token;
  }

  private static Path hazelcastConfig(Map<String, String> env) {
    String raw = env.get("FLASHSALE_HZ_CONFIG");
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Path path = Path.of(raw.trim());
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("FLASHSALE_HZ_CONFIG must name a readable file, got '" + raw + "'");
    }
    return path;
  }
}
