package com.flashsale.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written by hand over a socket, for requests the JDK client refuses to send: request targets with
 * broken percent-encoding or raw bytes, header values with odd characters. Reads until the server closes.
 */
public final class RawHttp {

  private RawHttp() {}

  /** Sends {@code method target} with the given extra header lines and body; the answer as the server wrote it. */
  public static Answer send(int port, String method, String target, List<String> headerLines, byte[] body) {
    return sendFrom("127.0.0.1", port, method, target, headerLines, body);
  }

  /**
   * As {@link #send}, from the loopback address {@code localAddress} (any of 127.0.0.0/8 on Linux): for tests in
   * which the server must see the request come from one peer or another, such as a proxy it trusts.
   */
  public static Answer sendFrom(String localAddress, int port, String method, String target, List<String> headerLines,
      byte[] body) {
    try (Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
        java.net.InetAddress.getByName(localAddress), 0)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      headerLines.forEach(line -> head.append(line).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(method + " " + target, socket.getInputStream().readAllBytes());
    } catch (IOException failed) {
      throw new UncheckedIOException(method + " " + target + " failed", failed);
    }
  }

  private static Answer parse(String request, byte[] raw) throws IOException {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    // Interim answers (100 Continue) precede the real one: skip them.
    while (all.startsWith("HTTP/1.1 1") && all.contains("\r\n\r\n")) {
      int interimEnd = all.indexOf("\r\n\r\n") + 4;
      raw = java.util.Arrays.copyOfRange(raw, interimEnd, raw.length);
      all = all.substring(interimEnd);
    }
    int endOfHead = all.indexOf("\r\n\r\n");
    if (endOfHead < 0) {
      throw new IOException("no complete answer to " + request + ": " + all);
    }
    String[] lines = all.substring(0, endOfHead).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, endOfHead + 4, raw.length);
    List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
    if (encoding.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
      body = unchunk(body);
    }
    Answer answer = new Answer(request, status, HttpHeaders.of(headers, (name, value) -> true),
        new String(body, StandardCharsets.UTF_8));
    OpenApiResponses.served().check(answer);
    return answer;
  }

  private static byte[] unchunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(chunked);
    while (true) {
      String sizeLine = readLine(in);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
