package com.flashsale.web.edge;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code FLASHSALE_TRUSTED_PROXIES}: the load balancers and proxies whose word on the client's address is
 * believed. A request from such a peer is attributed to the rightmost {@code X-Forwarded-For} hop (or, without
 * that header, {@code Forwarded: for=} hop) that is not itself a trusted proxy: every hop to the right of it
 * was written by a proxy we trust, and the hops to its left by whoever the client is, so they prove nothing.
 * From any other peer the headers are ignored and the peer is the client. Addresses are compared as IP
 * literals only ({@link InetAddress#ofLiteral}): a header never causes a DNS lookup.
 */
public final class TrustedProxies {

  private static final String VARIABLE = "FLASHSALE_TRUSTED_PROXIES";

  /** One address range: the first {@code prefixBits} of {@code network} (4 bytes for IPv4, 16 for IPv6). */
  private record Range(byte[] network, int prefixBits) {
    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int whole = prefixBits / 8;
      if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
        return false;
      }
      int rest = prefixBits % 8;
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return rest == 0 || (bytes[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  static TrustedProxies none() {
    return new TrustedProxies(List.of());
  }

  /** A comma list of addresses and CIDR ranges, IPv4 or IPv6; a message naming the variable when it is not one. */
  static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return none();
    }
    List<Range> ranges = new ArrayList<>();
    for (String entry : list.split(",", -1)) {
      ranges.add(range(entry.trim()));
    }
    return new TrustedProxies(ranges);
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
    int maxBits = address == null ? 0 : address.getAddress().length * 8;
    int prefixBits = maxBits;
    if (address != null && slash >= 0) {
      try {
        prefixBits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException notANumber) {
        prefixBits = -1;
      }
    }
    if (address == null || prefixBits < 0 || prefixBits > maxBits) {
      throw new IllegalArgumentException(VARIABLE + " must be a comma list of IP addresses and CIDR ranges "
          + "(such as 10.0.0.0/8, 192.168.1.5 or fd00::/8), got '" + entry + "'");
    }
    return new Range(address.getAddress(), prefixBits);
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  boolean trusts(InetAddress address) {
    return address != null && ranges.stream().anyMatch(range -> range.contains(address));
  }

  /**
   * The client of a request that came from {@code peer} carrying these headers (each list holds every line of
   * that header, in order; empty when absent). The answer is an address in canonical text form.
   */
  public String client(String peer, List<String> forwardedFor, List<String> forwarded) {
    InetAddress peerAddress = literal(peer);
    if (peerAddress == null) {
      return peer;
    }
    if (!trusts(peerAddress)) {
      return peerAddress.getHostAddress();
    }
    List<String> hops = !forwardedFor.isEmpty() ? split(forwardedFor) : forwardedHops(forwarded);
    InetAddress nearest = peerAddress;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(hostOf(hops.get(i)));
      if (hop == null) {
        // A hop a trusted proxy could not name ("unknown", an obfuscated id): it is represented by that proxy.
        return nearest.getHostAddress();
      }
      if (!trusts(hop)) {
        return hop.getHostAddress();
      }
      nearest = hop;
    }
    // Every hop is a trusted proxy: the leftmost is as close to the client as anyone can tell.
    return nearest.getHostAddress();
  }

  private static List<String> split(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String hop : line.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }

  /** The {@code for=} value of each element of RFC 7239 {@code Forwarded} lines; elements without one are skipped. */
  private static List<String> forwardedHops(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String element : split(lines)) {
      for (String pair : element.split(";")) {
        String trimmed = pair.trim();
        if (trimmed.regionMatches(true, 0, "for=", 0, 4)) {
          hops.add(trimmed.substring(4).replace("\"", "").trim());
        }
      }
    }
    return hops;
  }

  /** The address part of a hop: {@code [v6]:port} and {@code v4:port} lose their port. */
  private static String hostOf(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(1, close);
    }
    int colon = hop.indexOf(':');
    return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  /** The address this IP literal names, or {@code null} when the text is not one (never a DNS lookup). */
  private static InetAddress literal(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    try {
      return InetAddress.ofLiteral(bare);
    } catch (IllegalArgumentException notALiteral) {
      return null;
    }
  }
}
