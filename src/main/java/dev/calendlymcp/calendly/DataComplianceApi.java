package dev.calendlymcp.calendly;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Data compliance: erasing invitees' personal data (Enterprise plans only). */
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
