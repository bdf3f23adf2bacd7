package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.ActivityLogEntry;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** The organization's activity log: an audit trail, on Enterprise plans, for admins and owners. */
public final class ActivityLogApi {

  private final RestCalls rest;

  ActivityLogApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * The filters of {@code GET /activity_log_entries}; null leaves one out.
   *
   * @param searchTerm Calendly's search syntax ({@code |}, {@code +}, quotes, {@code -})
   * @param actor a user URI
   * @param namespace a category such as {@code User}
   * @param action an action such as {@code Add}
   */
  public record Query(
      URI organization, String searchTerm, URI actor, String namespace, String action,
      Instant minOccurredAt, Instant maxOccurredAt) {

    OutboundRequest.Query toQuery() {
      if (minOccurredAt != null && maxOccurredAt != null && !maxOccurredAt.isAfter(minOccurredAt)) {
        throw Arguments.invalid("max_occurred_at", "must be after min_occurred_at");
      }
      return new OutboundRequest.Query()
          .add("organization", Arguments.uri(organization, "organization"))
          .add("search_term", blankToNull(searchTerm))
          .add("actor", Arguments.optionalUri(actor, "actor"))
          .add("namespace", blankToNull(namespace))
          .add("action", blankToNull(action))
          .add("min_occurred_at", minOccurredAt)
          .add("max_occurred_at", maxOccurredAt)
          .add("sort", "occurred_at:desc");
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /** {@code GET /activity_log_entries}: one page of entries, newest first. */
  public Mono<Page<ActivityLogEntry>> list(Query query, PageRequest page) {
    return Mono.fromCallable(() -> {
          if (query == null) {
            throw new IllegalArgumentException("query is required (organization)");
          }
          return query.toQuery();
        })
        .flatMap(q -> rest.page(Endpoint.LIST_ACTIVITY_LOG_ENTRIES, List.of(), q, page, ActivityLogEntry.class));
  }
}
