package dev.calendlymcp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, so that bytes an HTTP client library would refuse or encode
 * (raw quotes and braces in a query, bad percent escapes, control characters in a body) reach the
 * server exactly as written. One request per connection.
 */
final class RawHttp {

  /** An answer: status, headers (names lower-cased, last one wins) and body; status 0 when none came. */
  record Reply(int status, Map<String, String> headers, String body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  private RawHttp() {}

  static Reply get(URI server, String rawTarget, String... headerLines) {
    return send(server, "GET", rawTarget, null, new byte[0], headerLines);
  }

  static Reply post(URI server, String path, String contentType, byte[] body, String... headerLines) {
    return send(server, "POST", path, contentType, body, headerLines);
  }

  private static Reply send(URI server, String method, String target, String contentType, byte[] body,
      String... headerLines) {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n")
        .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n")
        .append("Connection: close\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n")
          .append("Content-Length: ").append(body.length).append("\r\n");
    }
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      // Latin-1 writes each char of the head as the one byte it stands for, raw.
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new AssertionError(method + " " + target + " failed: " + e, e);
    }
  }

  private static Reply parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (text.isEmpty() || end < 0) {
      return new Reply(0, Map.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
  }
}
