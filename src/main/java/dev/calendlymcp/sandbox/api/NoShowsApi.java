package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.NoShow;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * No-shows ({@code /invitee_no_shows}): mark an invitee who did not attend, read the mark, take it
 * back. The invitee's own {@code no_show} field follows, and {@code invitee_no_show.created} /
 * {@code .deleted} webhooks go out. Like the other invitee data, only the event's hosts and
 * admins may touch it.
 */
public final class NoShowsApi {

  private static final Pattern INVITEE_PATH =
      Pattern.compile("/scheduled_events/([A-Za-z0-9_-]{1,64})/invitees/([A-Za-z0-9_-]{1,64})");

  private final ApiContext context;
  private final WebhookEvents webhookEvents;

  public NoShowsApi(ApiContext context) {
    this.context = context;
    this.webhookEvents = new WebhookEvents(context);
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.write("POST", "/invitee_no_shows", "scheduled_events:write", this::create);
    router.read("GET", "/invitee_no_shows/{uuid}", "scheduled_events:read", this::get);
    router.write("DELETE", "/invitee_no_shows/{uuid}", "scheduled_events:write", this::delete);
  }

  private ApiResponse create(ApiRequest request) {
    Body body = context.body(request);
    String inviteeUri = body.requiredString("invitee", 512);
    body.problems().throwIfAny();
    Matcher uri = INVITEE_PATH.matcher(path(inviteeUri));
    if (!uri.matches()) {
      throw ApiException.invalid(
          "invitee", "must be an invitee URI of the form " + context.uris().base()
              + "/scheduled_events/{event_uuid}/invitees/{uuid}");
    }
    Invitee invitee = context.store().invitee(uri.group(2))
        .filter(i -> i.eventUuid().equals(uri.group(1)))
        .orElseThrow(ApiException::notFound);
    ScheduledEvent event = event(request.caller(), invitee);
    if (!invitee.isActive()) {
      throw ApiException.invalid("invitee", "is canceled; only an invitee who was expected can be a no-show");
    }
    if (event.start().isAfter(context.now())) {
      throw ApiException.invalid("invitee", "can be marked as a no-show once the meeting has started");
    }
    if (context.store().noShowOf(invitee.uuid()).isPresent()) {
      throw ApiException.invalid("invitee", "is already marked as a no-show");
    }
    NoShow mark = new NoShow(context.ids().uuid(), invitee.uuid(), context.now());
    context.store().putNoShow(mark);
    webhookEvents.queue(request, "invitee_no_show.created", invitee, event);
    return ApiResponse.resource(201, render(mark, invitee));
  }

  private ApiResponse get(ApiRequest request) {
    NoShow mark = context.store().noShow(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    Invitee invitee = context.store().invitee(mark.inviteeUuid()).orElseThrow(ApiException::notFound);
    event(request.caller(), invitee);
    return ApiResponse.resource(render(mark, invitee));
  }

  private ApiResponse delete(ApiRequest request) {
    NoShow mark = context.store().noShow(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    Invitee invitee = context.store().invitee(mark.inviteeUuid()).orElseThrow(ApiException::notFound);
    ScheduledEvent event = event(request.caller(), invitee);
    context.store().removeNoShow(mark.uuid());
    webhookEvents.queue(request, "invitee_no_show.deleted", invitee, event);
    return ApiResponse.noContent();
  }

  /** The invitee's event, if the caller may see it: 404 outside the organization, 403 unless host or admin. */
  private ScheduledEvent event(Caller caller, Invitee invitee) {
    ScheduledEvent event = context.store().event(invitee.eventUuid()).orElseThrow(ApiException::notFound);
    boolean host = event.hostUuids().contains(caller.userUuid());
    if (!event.organizationUuid().equals(caller.organizationUuid()) && !host) {
      throw ApiException.notFound();
    }
    if (!host && !caller.isAdmin()) {
      throw ApiException.forbidden();
    }
    return event;
  }

  private static String path(String uri) {
    try {
      String path = new URI(uri).getRawPath();
      return path == null ? "" : path;
    } catch (URISyntaxException e) {
      return "";
    }
  }

  private ObjectNode render(NoShow mark, Invitee invitee) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().noShow(mark.uuid()));
    node.put("invitee", context.uris().invitee(invitee.eventUuid(), invitee.uuid()));
    node.put("created_at", Json.timestamp(mark.createdAt()));
    return node;
  }
}
