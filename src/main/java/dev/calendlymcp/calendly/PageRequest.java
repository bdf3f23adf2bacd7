package dev.calendlymcp.calendly;

/**
 * Which page of a collection to fetch.
 *
 * @param count page size, 1 to 100 (Calendly's default is 20); null for Calendly's default
 * @param pageToken cursor from a previous page's {@code next_page_token}; null for the first page
 */
public record PageRequest(Integer count, String pageToken) {

  public static final int MAX_COUNT = 100;
  public static final PageRequest FIRST = new PageRequest(null, null);

  public PageRequest {
    if (count != null && (count < 1 || count > MAX_COUNT)) {
      throw new IllegalArgumentException("count must be between 1 and 100, got " + count);
    }
    if (pageToken != null && pageToken.isBlank()) {
      pageToken = null;
    }
  }

  public static PageRequest first(int count) {
    return new PageRequest(count, null);
  }

  public PageRequest next(String token) {
    return new PageRequest(count, token);
  }

  void addTo(OutboundRequest.Query query) {
    query.add("count", count).add("page_token", pageToken);
  }
}
