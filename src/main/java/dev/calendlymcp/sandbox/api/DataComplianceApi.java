package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Endpoint 28, and event data deletion. Endpoint 28 deletes every invitee record with one of the given emails from the caller's
 * organization's scheduled events. Enterprise only, and (in the sandbox) admin or owner only,
 * since it erases data across the organization. Calendly does this asynchronously; the sandbox
 * does it before answering 202.
 */
public final class DataComplianceApi {

  private final ApiContext context;
  private final ExtraStore extras;

  public DataComplianceApi(ApiContext context, ExtraStore extras) {
    this.context = context;
    this.extras = extras;
  }

  /** Registers the route. */
  public void register(Router router) {
    router.write("POST", "/data_compliance/deletion/invitees", "data_compliance:write", this::delete);
    router.write("POST", "/data_compliance/deletion/events", "data_compliance:write", this::deleteEvents);
  }

  private ApiResponse delete(ApiRequest request) {
    Caller caller = request.caller();
    Access.requireEnterprise(caller, "Deleting invitee data");
    Access.requireAdmin(caller);
    Body body = context.body(request);
    List<String> emails = body.strings("emails", 100);
    if (emails == null && !body.problems().has("emails")) {
      body.problems().add("emails", "is required");
    } else if (emails != null) {
      if (emails.isEmpty()) {
        body.problems().add("emails", "must list at least one email");
      }
      if (emails.stream().anyMatch(e -> !BookingApi.EMAIL.matcher(e).matches())) {
        body.problems().add("emails", "must contain only valid email addresses");
      }
    }
    body.problems().throwIfAny();
    Set<String> wanted = emails.stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    SandboxStore store = context.store();
    for (ScheduledEvent event : store.eventsOfOrganization(caller.organizationUuid())) {
      for (Invitee invitee : store.inviteesOf(event.uuid())) {
        if (wanted.contains(invitee.email().toLowerCase(Locale.ROOT))) {
          store.removeInvitee(invitee.uuid());
        }
      }
    }
    return ApiResponse.json(202, Json.object());
  }

  /**
   * Removes the personal data of the organization's scheduled events that started in the range:
   * their invitees and their meeting recaps. The events stay as empty shells, which is as much as
   * the sandbox's store can forget; Calendly removes them within about 7 days.
   */
  private ApiResponse deleteEvents(ApiRequest request) {
    Caller caller = request.caller();
    Access.requireEnterprise(caller, "Deleting scheduled event data");
    Access.requireAdmin(caller);
    Body body = context.body(request);
    Instant start = body.requiredInstant("start_time");
    Instant end = body.requiredInstant("end_time");
    if (start != null && end != null) {
      if (!end.isAfter(start)) {
        body.problems().add("end_time", "must be after start_time");
      } else if (end.isAfter(context.now())) {
        body.problems().add("end_time", "must be in the past");
      } else if (start.atOffset(ZoneOffset.UTC).plusMonths(24).toInstant().isBefore(end)) {
        body.problems().add("end_time", "must be at most 24 months after start_time");
      }
    }
    body.problems().throwIfAny();
    SandboxStore store = context.store();
    for (ScheduledEvent event : store.eventsOfOrganization(caller.organizationUuid())) {
      if (!event.start().isBefore(start) && event.start().isBefore(end)) {
        for (Invitee invitee : store.inviteesOf(event.uuid())) {
          store.removeInvitee(invitee.uuid());
        }
        extras.recaps().stream().filter(r -> event.uuid().equals(r.eventUuid()))
            .forEach(r -> extras.removeRecap(r.uuid()));
      }
    }
    return ApiResponse.json(202, Json.object());
  }
}
