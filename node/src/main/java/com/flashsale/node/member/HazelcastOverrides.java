package com.flashsale.node.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The overrides of {@code hazelcast.yaml} that Hazelcast itself applies when it loads the file: environment
 * variables {@code HZ_*} ({@code HZ_CLUSTERNAME}, {@code HZ_NETWORK_JOIN_KUBERNETES_ENABLED}) and system
 * properties {@code -Dhz.*} ({@code -Dhz.clustername}). Hazelcast applies them; this record only says which
 * ones were given, so that {@link GridConfig} never lets a {@code FLASHSALE_*} default overwrite one and can
 * refuse an explicit {@code FLASHSALE_*} value that disagrees with one.
 *
 * <p>Paths are Hazelcast's, without the leading {@code hazelcast.}, lower case and without dashes, as Hazelcast
 * matches them: {@code HZ_NETWORK_JOIN_TCPIP_MEMBERS} and {@code -Dhz.network.join.tcp-ip.members} are both
 * {@code network.join.tcpip.members}.
 *
 * @param byPath each override's path and where it came from
 */
public record HazelcastOverrides(Map<String, Given> byPath) {

  /** Variables Hazelcast's own parser skips: they configure its scripts and images, not the member. */
  private static final List<String> NOT_OVERRIDES = List.of("HZ_HOME", "HZ_LICENSE_KEY", "HZ_PHONE_HOME_ENABLED", "HZ_CP_MOUNT");

  /**
   * One override as given.
   *
   * @param source the variable or property as the operator wrote it, for messages ({@code HZ_CLUSTERNAME})
   * @param value its value
   */
  public record Given(String source, String value) {
    @Override
    public String toString() {
      return source + "=" + value;
    }
  }

  public HazelcastOverrides {
    byPath = Map.copyOf(byPath);
  }

  /** What this process was given: Hazelcast reads the same two places when it loads the file. */
  public static HazelcastOverrides ofProcess() {
    return of(System.getenv(), System.getProperties());
  }

  /** The overrides among {@code environment} and {@code systemProperties}; a system property beats a variable, as in Hazelcast. */
  public static HazelcastOverrides of(Map<String, String> environment, Properties systemProperties) {
    Map<String, Given> byPath = new LinkedHashMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith("HZ_") && !NOT_OVERRIDES.contains(name)) {
        byPath.put(normalize(name.substring(3).replace('_', '.')), new Given(name, value.trim()));
      }
    });
    for (String name : systemProperties.stringPropertyNames()) {
      if (name.startsWith("hz.")) {
        byPath.put(normalize(name.substring(3)), new Given("-D" + name, systemProperties.getProperty(name).trim()));
      }
    }
    return new HazelcastOverrides(byPath);
  }

  public static HazelcastOverrides none() {
    return new HazelcastOverrides(Map.of());
  }

  /** The override of {@code path} ({@code clustername}, {@code network.port.port}), if one was given. */
  public Optional<Given> get(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** Whether anything under {@code prefix} (such as {@code network.join}) was overridden. */
  public boolean touches(String prefix) {
    return byPath.keySet().stream().anyMatch(path -> path.equals(prefix) || path.startsWith(prefix + "."));
  }

  /** The overrides under {@code prefix}, in no particular order. */
  public List<Map.Entry<String, Given>> under(String prefix) {
    return byPath.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix + ".")).toList();
  }

  private static String normalize(String path) {
    return path.toLowerCase(Locale.ROOT).replace("-", "");
  }
}
