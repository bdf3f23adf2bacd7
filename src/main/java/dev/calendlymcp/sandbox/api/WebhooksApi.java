package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.WebhookScope;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Endpoints 24–27: webhook subscriptions, on every plan (paid features' events on paid plans); organization scope needs admin
 * or owner; each event needs the read scope of its data and allows only some subscription scopes
 * (Calendly's Create Webhook Subscription page); a subscription for a URL that already has one in
 * the same scope is a 409. Callback
 * URLs must be https, except http to 127.0.0.1, localhost or [::1] so tests can receive
 * deliveries.
 */
public final class WebhooksApi {

  /**
   * What Calendly's Create Webhook Subscription page asks of each event: the read scope of the data
   * it carries (the token needs it besides {@code webhooks:write}) and the subscription scopes it
   * may be used with.
   *
   * @param authScope the scope whose data the event carries
   * @param subscriptionScopes the scopes a subscription listing the event may have
   * @param needsPaidPlan whether the event comes from a feature of paid plans only (release note
   *     2026-11-03: routing forms and meeting recaps, contacts until 2026-11-19; webhooks themselves are on every plan)
   */
  record EventRule(String authScope, Set<String> subscriptionScopes, boolean needsPaidPlan) {}

  /**
   * The organization, scope and user or group a listing or a sample delivery is for, read and
   * checked the way Calendly's webhook endpoints do (a user or group is required by its scope).
   */
  record Target(String organization, String scope, String user, String group) {
    static Target read(Params params) {
      String organization = params.requiredUri("organization", "organizations");
      String scope = params.oneOf("scope", List.of("user", "organization", "group"));
      if (!params.present("scope")) {
        params.problems().add("scope", "is required");
      }
      String user = params.uri("user", "users");
      if ("user".equals(scope) && !params.present("user")) {
        params.problems().add("user", "is required when scope is user");
      }
      String group = params.uri("group", "groups");
      if ("group".equals(scope) && !params.present("group")) {
        params.problems().add("group", "is required when scope is group");
      }
      return new Target(organization, scope, user, group);
    }
  }

  private static final Set<String> ANY_SCOPE = Set.of("user", "organization", "group");

  /**
   * The fourteen events of Calendly's sample-data page, in its order. Routing form submissions are
   * organization-wide only and meeting recaps one user's only; the event type events joined the
   * request enum on 2026-10-23 (the API already accepted them).
   */
  static final Map<String, EventRule> EVENTS = events();

  private static Map<String, EventRule> events() {
    Map<String, EventRule> events = new LinkedHashMap<>();
    for (String name : List.of(
        "invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted")) {
      events.put(name, new EventRule("scheduled_events:read", ANY_SCOPE, false));
    }
    events.put("routing_form_submission.created", new EventRule("routing_forms:read", Set.of("organization"), true));
    for (String name : List.of("event_type.created", "event_type.deleted", "event_type.updated")) {
      events.put(name, new EventRule("event_types:read", ANY_SCOPE, false));
    }
    for (String name : List.of("meeting_recap.created", "meeting_recap.updated", "meeting_recap.deleted")) {
      events.put(name, new EventRule("meeting_recaps:read", Set.of("user"), true));
    }
    // Contact events left the paid plans on 2026-11-19 (release note "Contacts API and contact
    // webhooks on all Calendly plans"), after the 2026-11-03 note that listed them as paid.
    for (String name : List.of("contact.created", "contact.updated", "contact.deleted")) {
      events.put(name, new EventRule("contacts:read", ANY_SCOPE, false));
    }
    return Collections.unmodifiableMap(events);
  }

  private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final ApiContext context;

  public WebhooksApi(ApiContext context) {
    this.context = context;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/webhook_subscriptions", "webhooks:read", this::list);
    router.write("POST", "/webhook_subscriptions", "webhooks:write", this::create);
    router.read("GET", "/webhook_subscriptions/{uuid}", "webhooks:read", this::get);
    router.write("DELETE", "/webhook_subscriptions/{uuid}", "webhooks:write", this::delete);
  }

  private ApiResponse list(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Params params = context.params(request);
    Target target = Target.read(params);
    String organization = target.organization();
    String scope = target.scope();
    String user = target.user();
    String group = target.group();
    Pagination.Sort<WebhookSubscription> sort =
        Pagination.sort(params, "created_at:asc",
            Map.<String, Function<WebhookSubscription, Object>>of(
                "created_at", w -> Pagination.instantKey(w.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();

    Access.referencedOrganization(store, caller, organization);
    WebhookScope wanted = WebhookScope.valueOf(scope.toUpperCase(Locale.ROOT));
    if (wanted == WebhookScope.GROUP) {
      throw ApiException.notFound();
    }
    if (wanted == WebhookScope.ORGANIZATION) {
      Access.requireAdmin(caller);
    } else {
      Access.referencedUser(store, caller, user);
      Access.requireSelfOrAdmin(caller, user);
    }
    if (group != null) {
      throw ApiException.notFound();
    }
    List<WebhookSubscription> filtered =
        store.webhooks().stream()
            .filter(w -> w.organizationUuid().equals(organization))
            .filter(w -> w.scope() == wanted)
            .filter(w -> wanted != WebhookScope.USER || w.userUuid().equals(user))
            .toList();
    return Pagination.page(
        request, context.uris().base(), filtered, sort, WebhookSubscription::uuid, page,
        context.views()::webhook);
  }

  private ApiResponse create(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Body body = context.body(request);
    String url = body.requiredString("url", 2048);
    if (url != null) {
      String problem = callbackProblem(url);
      if (problem != null) {
        body.problems().add("url", problem);
      }
    }
    List<String> events = body.strings("events", EVENTS.size() * 2);
    if (events == null && !body.problems().has("events")) {
      body.problems().add("events", "is required");
    } else if (events != null) {
      if (events.isEmpty()) {
        body.problems().add("events", "must list at least one event");
      }
      for (String event : events) {
        if (!EVENTS.containsKey(event)) {
          body.problems().add("events", "unknown event " + event + "; use: " + String.join(", ", EVENTS.keySet()));
          break;
        }
      }
    }
    String organization = body.requiredUri("organization", "organizations");
    String scope = body.requiredString("scope", 32);
    if (scope != null && !ANY_SCOPE.contains(scope)) {
      body.problems().add("scope", "must be one of: user, organization, group");
      scope = null;
    }
    if (scope != null && events != null) {
      for (String event : events) {
        EventRule rule = EVENTS.get(event);
        if (rule != null && !rule.subscriptionScopes().contains(scope)) {
          body.problems().add("scope", event + " can only be subscribed to with scope "
              + String.join(" or ", rule.subscriptionScopes()) + "; create a separate subscription for it");
          break;
        }
      }
    }
    String user = null;
    if (body.has("user")) {
      user = body.requiredUri("user", "users");
    } else if ("user".equals(scope)) {
      body.problems().add("user", "is required when scope is user");
    }
    if ("group".equals(scope) && !body.has("group")) {
      body.problems().add("group", "is required when scope is group");
    }
    String signingKey = body.string("signing_key", 255);
    body.problems().throwIfAny();

    for (String event : events) {
      if (EVENTS.get(event).needsPaidPlan()) {
        Access.requirePaidPlan(caller);
      }
      String needed = EVENTS.get(event).authScope();
      if (!Scopes.grants(caller.token().scopes(), needed)) {
        throw ApiException.forbidden(
            "The access token does not grant the " + needed + " scope that " + event + " events need.");
      }
    }
    Access.referencedOrganization(store, caller, organization);
    WebhookScope wanted = WebhookScope.valueOf(scope.toUpperCase(Locale.ROOT));
    if (wanted == WebhookScope.GROUP) {
      throw ApiException.notFound();
    }
    if (wanted == WebhookScope.ORGANIZATION) {
      Access.requireAdmin(caller);
      user = null;
    } else {
      Access.referencedUser(store, caller, user);
      Access.requireSelfOrAdmin(caller, user);
    }
    String owner = user;
    boolean duplicate =
        store.webhooks().stream()
            .anyMatch(w -> w.callbackUrl().equals(url)
                && w.organizationUuid().equals(organization)
                && w.scope() == wanted
                && (wanted != WebhookScope.USER || w.userUuid().equals(owner)));
    if (duplicate) {
      throw ApiException.alreadyExists("Hook with this url already exists");
    }
    Instant now = context.now();
    WebhookSubscription subscription =
        new WebhookSubscription(
            context.ids().uuid(), url, List.copyOf(new LinkedHashSet<>(events)), wanted,
            organization, user, caller.userUuid(), WebhookSubscription.ACTIVE,
            signingKey != null ? signingKey : context.ids().hex(64), now, now, null);
    store.putWebhook(subscription);
    return ApiResponse.resource(201, context.views().webhook(subscription));
  }

  private ApiResponse get(ApiRequest request) {
    WebhookSubscription subscription = visible(request.caller(), request.pathVariable("uuid"));
    return ApiResponse.resource(context.views().webhook(subscription));
  }

  private ApiResponse delete(ApiRequest request) {
    WebhookSubscription subscription = visible(request.caller(), request.pathVariable("uuid"));
    context.store().removeWebhook(subscription.uuid());
    return ApiResponse.noContent();
  }

  private WebhookSubscription visible(Caller caller, String uuid) {
    WebhookSubscription subscription =
        context.store().webhook(uuid).orElseThrow(ApiException::notFound);
    if (!subscription.organizationUuid().equals(caller.organizationUuid())) {
      throw ApiException.notFound();
    }
    if (subscription.scope() == WebhookScope.ORGANIZATION) {
      Access.requireAdmin(caller);
    } else {
      Access.requireSelfOrAdmin(caller, subscription.userUuid());
    }
    return subscription;
  }

  /** Why {@code url} cannot receive deliveries, or null when it can. */
  private static String callbackProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "must be a valid URL";
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return "must be an absolute URL";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http") && LOCAL_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      return null;
    }
    return "must use https (http is accepted only for 127.0.0.1 and localhost)";
  }
}
