package dev.calendlymcp.calendly;

import java.util.List;
import java.util.Optional;

/**
 * One page of a Calendly collection and the cursor to the next.
 *
 * @param collection the items on this page
 * @param pagination Calendly's cursor block
 */
public record Page<T>(List<T> collection, Pagination pagination) {

  public Page {
    collection = collection == null ? List.of() : List.copyOf(collection);
    pagination = pagination == null ? Pagination.LAST : pagination;
  }

  /** The token to pass as {@code page_token} for the next page, if there is one. */
  public Optional<String> nextPageToken() {
    return Optional.ofNullable(pagination.nextPageToken()).filter(t -> !t.isBlank());
  }

  /**
   * @param count items on this page
   * @param nextPage full URL of the next page, or null
   * @param previousPage full URL of the previous page, or null
   * @param nextPageToken opaque cursor for the next page, or null on the last page
   * @param previousPageToken opaque cursor for the previous page, or null
   */
  public record Pagination(
      Integer count, String nextPage, String previousPage, String nextPageToken, String previousPageToken) {
    static final Pagination LAST = new Pagination(0, null, null, null, null);
  }
}
