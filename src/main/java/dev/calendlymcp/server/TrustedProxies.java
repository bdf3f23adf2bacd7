package dev.calendlymcp.server;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import reactor.netty.http.server.ConnectionInfo;

/**
 * Who a request really comes from when it arrives through reverse proxies the operator trusts
 * ({@code --trusted-proxy}): the address a trusted proxy names in {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-For}, walking the chain from the right and skipping trusted hops, so a client
 * cannot pick its own address by sending the header itself. Installed as Reactor Netty's forwarded
 * handler, so {@code request.remoteAddress()} is that client everywhere (per-address limits above
 * all).
 *
 * <p>Whatever cannot be read for certain leaves the TCP peer in place: a request from a peer that is
 * not trusted, a malformed or obfuscated hop ({@code unknown}, {@code _hidden}), or the two headers
 * naming different clients (a proxy that appends to one passes the other through from the client
 * unchanged).
 */
public final class TrustedProxies implements BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo> {

  private final List<Cidr> proxies;

  public TrustedProxies(List<Cidr> proxies) {
    this.proxies = List.copyOf(proxies);
  }

  @Override
  public ConnectionInfo apply(ConnectionInfo info, HttpRequest request) {
    InetSocketAddress peer = info.getRemoteAddress();
    if (peer == null || peer.getAddress() == null || !trusted(peer.getAddress())) {
      return info;
    }
    return client(request.headers())
        .map(client -> info.withRemoteAddress(new InetSocketAddress(client, 0)))
        .orElse(info);
  }

  /** The client the headers name, trusted hops skipped; empty when they name none for certain. */
  Optional<InetAddress> client(HttpHeaders headers) {
    List<String> forwarded = headers.getAll("Forwarded");
    List<String> forwardedFor = headers.getAll("X-Forwarded-For");
    if (forwarded.isEmpty() && forwardedFor.isEmpty()) {
      return Optional.empty();
    }
    Optional<InetAddress> fromForwarded = forwarded.isEmpty() ? Optional.empty() : walk(forwardedChain(forwarded));
    Optional<InetAddress> fromForwardedFor = forwardedFor.isEmpty() ? Optional.empty() : walk(forwardedForChain(forwardedFor));
    if (forwarded.isEmpty()) {
      return fromForwardedFor;
    }
    if (forwardedFor.isEmpty()) {
      return fromForwarded;
    }
    return fromForwarded.isPresent() && fromForwarded.equals(fromForwardedFor) ? fromForwarded : Optional.empty();
  }

  private boolean trusted(InetAddress address) {
    for (Cidr proxy : proxies) {
      if (proxy.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** From the nearest hop back: the first that is not a trusted proxy; the farthest if all are. */
  private Optional<InetAddress> walk(Optional<List<InetAddress>> chain) {
    if (chain.isEmpty() || chain.get().isEmpty()) {
      return Optional.empty();
    }
    List<InetAddress> hops = chain.get();
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (!trusted(hops.get(i))) {
        return Optional.of(hops.get(i));
      }
    }
    return Optional.of(hops.get(0));
  }

  /** {@code X-Forwarded-For: client, proxy1, proxy2}; several header lines read as one list. */
  static Optional<List<InetAddress>> forwardedForChain(List<String> values) {
    List<InetAddress> hops = new ArrayList<>();
    for (String value : values) {
      for (String hop : value.split(",", -1)) {
        Optional<InetAddress> address = node(hop.strip());
        if (address.isEmpty()) {
          return Optional.empty();
        }
        hops.add(address.get());
      }
    }
    return Optional.of(hops);
  }

  /**
   * RFC 7239: {@code Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"}. Every
   * element must name its hop with exactly one {@code for}.
   */
  static Optional<List<InetAddress>> forwardedChain(List<String> values) {
    List<InetAddress> hops = new ArrayList<>();
    for (String value : values) {
      Optional<List<String>> elements = split(value, ',');
      if (elements.isEmpty()) {
        return Optional.empty();
      }
      for (String element : elements.get()) {
        Optional<InetAddress> hop = forNode(element);
        if (hop.isEmpty()) {
          return Optional.empty();
        }
        hops.add(hop.get());
      }
    }
    return Optional.of(hops);
  }

  private static Optional<InetAddress> forNode(String element) {
    Optional<List<String>> pairs = split(element, ';');
    if (pairs.isEmpty()) {
      return Optional.empty();
    }
    Optional<InetAddress> found = Optional.empty();
    for (String pair : pairs.get()) {
      String trimmed = pair.strip();
      int equals = trimmed.indexOf('=');
      if (equals <= 0) {
        return Optional.empty();
      }
      if (!trimmed.substring(0, equals).toLowerCase(Locale.ROOT).equals("for")) {
        continue;
      }
      Optional<String> value = unquoted(trimmed.substring(equals + 1));
      if (found.isPresent() || value.isEmpty()) {
        return Optional.empty();
      }
      found = node(value.get());
      if (found.isEmpty()) {
        return Optional.empty();
      }
    }
    return found;
  }

  /** Splits on {@code separator} outside quoted strings; empty when a quote is left open. */
  private static Optional<List<String>> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        current.append(c);
      } else if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      return Optional.empty();
    }
    parts.add(current.toString());
    return Optional.of(parts);
  }

  /** A token, or a quoted string with its escapes undone. */
  private static Optional<String> unquoted(String value) {
    if (!value.startsWith("\"")) {
      return value.isEmpty() || value.indexOf('"') >= 0 ? Optional.empty() : Optional.of(value);
    }
    if (value.length() < 2 || !value.endsWith("\"")) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      } else if (c == '\\' || c == '"') {
        return Optional.empty();
      }
      out.append(c);
    }
    return Optional.of(out.toString());
  }

  /**
   * A hop's address: {@code 192.0.2.60}, {@code 192.0.2.60:4711}, {@code 2001:db8::17} (bare, as in
   * X-Forwarded-For) or {@code [2001:db8::17]:4711}. Names and obfuscated identifiers are not
   * addresses.
   */
  static Optional<InetAddress> node(String node) {
    String host = node;
    String port = null;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = node.substring(1, close);
      String rest = node.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Optional.empty();
        }
        port = rest.substring(1);
      }
      if (host.indexOf(':') < 0) {
        return Optional.empty();
      }
    } else if (node.indexOf(':') >= 0 && node.indexOf(':') == node.lastIndexOf(':')) {
      host = node.substring(0, node.indexOf(':'));
      port = node.substring(node.indexOf(':') + 1);
    }
    if (port != null && !validPort(port)) {
      return Optional.empty();
    }
    return Cidr.ipLiteral(host).map(TrustedProxies::address);
  }

  /** Digits, or RFC 7239's obfuscated port ({@code _abc}). */
  private static boolean validPort(String port) {
    if (port.isEmpty() || port.length() > 32) {
      return false;
    }
    if (port.charAt(0) == '_') {
      return port.chars().allMatch(c -> c == '_' || c == '.' || c == '-' || Character.isLetterOrDigit(c) && c < 0x7f);
    }
    return port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are an IP address", e);
    }
  }
}
