package dev.calendlymcp.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keyset pagination as Calendly does it: {@code count} (1–100, default 20), an opaque {@code
 * page_token}, and a {@code pagination} object with next/previous links and tokens.
 *
 * <p>A token holds the sort key of the item it continues from (not an offset), so paging stays
 * stable when items are added or removed in between. It also holds a fingerprint of the query it
 * was issued for; a token sent with another query, or one that does not decode, is a 400.
 */
public final class Pagination {

  public static final int DEFAULT_COUNT = 20;
  public static final int MAX_COUNT = 100;

  private static final List<String> NOT_FINGERPRINTED = List.of("page_token", "count");

  private Pagination() {}

  /**
   * One sort field.
   *
   * @param name field name, as in {@code sort=name:asc}
   * @param descending direction
   * @param key the item's value for this field: a {@link String} or a {@link Long}
   */
  public record Field<T>(String name, boolean descending, Function<T, Object> key) {}

  /**
   * A parsed {@code sort} parameter; ties are broken by the item's id, ascending.
   *
   * @param text the sort as given (or the default), e.g. {@code start_time:asc}
   * @param fields the fields, most significant first
   */
  public record Sort<T>(String text, List<Field<T>> fields) {}

  /**
   * A page request.
   *
   * @param count items per page
   * @param token decoded page token, or null for the first page
   */
  public record PageRequest(int count, Cursor token) {}

  /**
   * A decoded page token.
   *
   * @param forward true to continue after {@code key}, false to go back before it
   * @param key sort key values plus the item id
   * @param fingerprint the query it belongs to
   */
  public record Cursor(boolean forward, List<Object> key, String fingerprint) {}

  /** An item with its sort key. */
  private record Keyed<T>(List<Object> key, T item) {}

  /** Sort key of an instant: microseconds since the epoch. */
  public static Long instantKey(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  /**
   * Parses {@code sort}: a comma-separated list of {@code field:asc|desc} over {@code allowed}.
   * Records a problem when it is malformed.
   */
  public static <T> Sort<T> sort(
      Params params, String defaultSort, Map<String, Function<T, Object>> allowed) {
    String text = params.string("sort");
    Sort<T> parsed = parseSort(text == null ? defaultSort : text, allowed);
    if (parsed == null) {
      params.problems()
          .add("sort", "must be a comma-separated list of field:asc or field:desc, with fields from: "
              + String.join(", ", allowed.keySet()));
      return parseSort(defaultSort, allowed);
    }
    return parsed;
  }

  private static <T> Sort<T> parseSort(String text, Map<String, Function<T, Object>> allowed) {
    List<Field<T>> fields = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String[] pieces = part.trim().split(":", -1);
      if (pieces.length > 2 || !allowed.containsKey(pieces[0])) {
        return null;
      }
      String direction = pieces.length == 2 ? pieces[1] : "asc";
      if (!direction.equals("asc") && !direction.equals("desc")) {
        return null;
      }
      fields.add(new Field<>(pieces[0], direction.equals("desc"), allowed.get(pieces[0])));
    }
    return new Sort<>(text, fields);
  }

  /** Reads {@code count} and {@code page_token}, recording problems. */
  public static PageRequest request(ApiRequest request, Params params) {
    int count = DEFAULT_COUNT;
    String countText = params.string("count");
    if (countText != null) {
      try {
        count = Integer.parseInt(countText);
        if (count < 1) {
          params.problems().add("count", "must be greater than or equal to 1");
        } else if (count > MAX_COUNT) {
          params.problems().add("count", "must be less than or equal to " + MAX_COUNT);
        }
      } catch (NumberFormatException e) {
        params.problems().add("count", "must be an integer");
      }
    }
    Cursor cursor = null;
    String token = params.string("page_token");
    if (token != null) {
      cursor = decode(token);
      if (cursor == null) {
        params.problems().add("page_token", "is invalid");
      } else if (!cursor.fingerprint().equals(fingerprint(request))) {
        params.problems().add("page_token", "does not belong to this query; send the same filters and sort");
        cursor = null;
      }
    }
    return new PageRequest(count, cursor);
  }

  /**
   * Sorts {@code items}, cuts the requested page and renders {@code {"collection", "pagination"}}.
   *
   * @param apiBase the base URL next/previous page links start with
   * @throws ApiException 400 when the token's key does not fit this sort
   */
  public static <T> ApiResponse page(
      ApiRequest request,
      String apiBase,
      List<T> items,
      Sort<T> sort,
      Function<T, String> id,
      PageRequest page,
      Function<T, JsonNode> render) {
    Comparator<List<Object>> order = keyOrder(sort);
    // Keys are computed once per item, not once per comparison: lists can hold 10,000 events.
    List<Keyed<T>> keyed = new ArrayList<>(items.size());
    for (T item : items) {
      keyed.add(new Keyed<>(key(item, sort, id), item));
    }
    keyed.sort((a, b) -> order.compare(a.key(), b.key()));

    int from;
    int to;
    if (page.token() == null) {
      from = 0;
      to = Math.min(page.count(), keyed.size());
    } else {
      List<Object> anchor = page.token().key();
      if (anchor.size() != sort.fields().size() + 1) {
        throw ApiException.invalid("page_token", "is invalid");
      }
      if (page.token().forward()) {
        from = firstIndex(keyed, order, anchor, true);
        to = Math.min(from + page.count(), keyed.size());
      } else {
        to = firstIndex(keyed, order, anchor, false);
        from = Math.max(0, to - page.count());
      }
    }
    List<Keyed<T>> slice = keyed.subList(from, to);

    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    slice.forEach(entry -> collection.add(render.apply(entry.item())));
    String fingerprint = fingerprint(request);
    String next = to < keyed.size() && !slice.isEmpty()
        ? encode(new Cursor(true, slice.get(slice.size() - 1).key(), fingerprint))
        : null;
    String previous = from > 0 && !slice.isEmpty()
        ? encode(new Cursor(false, slice.get(0).key(), fingerprint))
        : null;
    ObjectNode pagination = body.putObject("pagination");
    pagination.put("count", slice.size());
    pagination.put("next_page", link(request, apiBase, next));
    pagination.put("previous_page", link(request, apiBase, previous));
    pagination.put("next_page_token", next);
    pagination.put("previous_page_token", previous);
    return ApiResponse.json(200, body);
  }

  /**
   * The index of the first item after {@code anchor} ({@code after}), or of the first item not
   * before it: where a page continues forward, or where the page before it ends.
   */
  private static <T> int firstIndex(
      List<Keyed<T>> sorted, Comparator<List<Object>> order, List<Object> anchor, boolean after) {
    int index = 0;
    while (index < sorted.size()) {
      int c = compare(order, sorted.get(index).key(), anchor);
      if (after ? c > 0 : c >= 0) {
        break;
      }
      index++;
    }
    return index;
  }

  private static <T> List<Object> key(T item, Sort<T> sort, Function<T, String> id) {
    List<Object> key = new ArrayList<>(sort.fields().size() + 1);
    for (Field<T> field : sort.fields()) {
      key.add(field.key().apply(item));
    }
    key.add(id.apply(item));
    return key;
  }

  private static <T> Comparator<List<Object>> keyOrder(Sort<T> sort) {
    return (a, b) -> {
      for (int i = 0; i < a.size(); i++) {
        int c = compareValues(a.get(i), b.get(i));
        boolean descending = i < sort.fields().size() && sort.fields().get(i).descending();
        if (c != 0) {
          return descending ? -c : c;
        }
      }
      return 0;
    };
  }

  private static int compare(Comparator<List<Object>> order, List<Object> a, List<Object> b) {
    try {
      return order.compare(a, b);
    } catch (ClassCastException e) {
      throw ApiException.invalid("page_token", "is invalid");
    }
  }

  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    throw new ClassCastException("sort key types differ");
  }

  private static String link(ApiRequest request, String apiBase, String token) {
    if (token == null) {
      return null;
    }
    return apiBase + request.path() + "?" + request.query().with("page_token", token);
  }

  private static String fingerprint(ApiRequest request) {
    String canonical = request.path() + "?" + request.query().canonicalWithout(NOT_FINGERPRINTED);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  private static String encode(Cursor cursor) {
    ObjectNode node = Json.object();
    node.put("d", cursor.forward() ? "n" : "p");
    ArrayNode key = node.putArray("k");
    for (Object value : cursor.key()) {
      if (value == null) {
        key.addNull();
      } else if (value instanceof Long number) {
        key.add(number);
      } else {
        key.add(value.toString());
      }
    }
    node.put("f", cursor.fingerprint());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(node));
  }

  private static Cursor decode(String token) {
    try {
      JsonNode node = Json.parseText(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      JsonNode direction = node.get("d");
      JsonNode key = node.get("k");
      JsonNode fingerprint = node.get("f");
      if (direction == null || key == null || !key.isArray() || fingerprint == null || !fingerprint.isString()) {
        return null;
      }
      List<Object> values = new ArrayList<>();
      for (JsonNode value : key.values()) {
        if (value.isNull()) {
          values.add(null);
        } else if (value.isIntegralNumber()) {
          values.add(value.longValue());
        } else if (value.isString()) {
          values.add(value.stringValue());
        } else {
          return null;
        }
      }
      String d = direction.asString();
      if (!d.equals("n") && !d.equals("p")) {
        return null;
      }
      return new Cursor(d.equals("n"), values, fingerprint.stringValue());
    } catch (IllegalArgumentException | JacksonException e) {
      return null;
    }
  }
}
