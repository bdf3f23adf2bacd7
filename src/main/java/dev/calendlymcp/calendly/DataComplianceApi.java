package dev.calendlymcp.calendly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Data compliance: erasing invitees' personal data and scheduled events' data (Enterprise plans only). */
public final class DataComplianceApi {

  /** Calendly's limit on addresses per request. */
  public static final int MAX_EMAILS = 100;

  private final RestCalls rest;

  DataComplianceApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code POST /data_compliance/deletion/invitees}: asks Calendly to remove these invitees' data
   * from every past booking in the organization. Irreversible; Calendly accepts the request (202)
   * and completes it within about 7 days.
   *
   * @param emails 1 to 100 invitee email addresses
   */
  public Mono<Void> deleteInviteeData(List<String> emails) {
    return Mono.fromCallable(() -> new Body(checked(emails)))
        .flatMap(body -> rest.noContent(Endpoint.DELETE_INVITEE_DATA, List.of(), body));
  }

  /** Calendly's longest range for {@link #deleteEventData}: 24 months, taken as 730 days. */
  public static final Duration MAX_EVENT_DATA_RANGE = Duration.ofDays(730);

  /**
   * {@code POST /data_compliance/deletion/events}: asks Calendly to remove the data of every
   * scheduled event of the organization that started in {@code [start, end)}, which must lie in
   * the past and span at most 24 months. Irreversible; Calendly accepts (202) and finishes within
   * about 7 days.
   */
  public Mono<Void> deleteEventData(Instant start, Instant end, Instant now) {
    return Mono.fromCallable(() -> {
          Arguments.endAfterStart(start, end);
          if (now != null && end.isAfter(now)) {
            throw Arguments.invalid("end_time", "must be in the past");
          }
          if (Duration.between(start, end).compareTo(MAX_EVENT_DATA_RANGE) > 0) {
            throw Arguments.invalid("end_time", "may be at most 24 months after start_time; split the range");
          }
          return new EventRange(start, end);
        })
        .flatMap(body -> rest.noContent(Endpoint.DELETE_SCHEDULED_EVENT_DATA, List.of(), body));
  }

  record EventRange(Instant startTime, Instant endTime) {}

  // Error messages name the position, not the address: these are people's personal data.
  private static List<String> checked(List<String> emails) {
    if (emails == null || emails.isEmpty()) {
      throw new IllegalArgumentException("emails must list at least one email address");
    }
    if (emails.size() > MAX_EMAILS) {
      throw new IllegalArgumentException(
          "emails may list at most " + MAX_EMAILS + " addresses per request, got " + emails.size()
              + "; split them into several requests");
    }
    List<String> out = new ArrayList<>(emails.size());
    for (int i = 0; i < emails.size(); i++) {
      out.add(Arguments.email(emails.get(i), "emails[" + i + "]"));
    }
    return out;
  }

  record Body(List<String> emails) {}
}
