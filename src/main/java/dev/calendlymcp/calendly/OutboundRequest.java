package dev.calendlymcp.calendly;

import io.netty.handler.codec.http.QueryStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request as it goes on the wire, minus the base URL. Path parameters are URL-encoded into the
 * template; query parameters keep their order (Calendly's pagination links rely on it only for
 * readability, but logs and tests are easier to read that way).
 *
 * @param tokenFingerprint which token the request uses, for the rate-limit listener; never the token
 */
public record OutboundRequest(
    Endpoint endpoint,
    String pathAndQuery,
    Map<String, String> headers,
    byte[] body,
    String contentType,
    String tokenFingerprint) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+}");

  public OutboundRequest {
    headers = Map.copyOf(headers);
  }

  /** Headers carry credentials and bodies personal data, so neither is ever printed. */
  @Override
  public String toString() {
    return "OutboundRequest[" + endpoint + ", token " + tokenFingerprint + "]";
  }

  String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Fills the endpoint's {@code {placeholders}} in order and appends the query. */
  public static String pathAndQuery(Endpoint endpoint, List<String> pathParams, List<Map.Entry<String, String>> query) {
    Matcher m = PLACEHOLDER.matcher(endpoint.pathTemplate());
    StringBuilder path = new StringBuilder();
    int i = 0;
    while (m.find()) {
      if (i >= pathParams.size()) {
        throw new IllegalArgumentException(endpoint + " needs " + (i + 1) + " path parameters");
      }
      m.appendReplacement(path, Matcher.quoteReplacement(encodeSegment(pathParams.get(i++))));
    }
    m.appendTail(path);
    if (i != pathParams.size()) {
      throw new IllegalArgumentException(endpoint + " takes " + i + " path parameters, got " + pathParams.size());
    }
    if (query.isEmpty()) {
      return path.toString();
    }
    QueryStringEncoder encoder = new QueryStringEncoder(path.toString(), StandardCharsets.UTF_8);
    for (Map.Entry<String, String> parameter : query) {
      encoder.addParam(parameter.getKey(), parameter.getValue());
    }
    return encoder.toString();
  }

  private static String encodeSegment(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A small ordered builder for query strings that skips absent optional values. */
  public static final class Query {
    private final List<Map.Entry<String, String>> entries = new ArrayList<>();

    public Query add(String name, Object value) {
      if (value instanceof Enum<?> constant) {
        entries.add(Map.entry(name, constant.name().toLowerCase(java.util.Locale.ROOT)));
      } else if (value != null) {
        entries.add(Map.entry(name, String.valueOf(value)));
      }
      return this;
    }

    public List<Map.Entry<String, String>> entries() {
      return List.copyOf(entries);
    }
  }
}
