package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The events a webhook subscription can list: the fourteen of Calendly's sample-data page, with
 * what its Create Webhook Subscription page asks of each. The token needs the event's read scope
 * besides {@code webhooks:write}, and some events allow only one subscription scope, so a
 * subscription mixing them must be split in two.
 */
public enum WebhookEvent {
  INVITEE_CREATED("invitee.created", Endpoint.Scope.SCHEDULED_EVENTS_READ, anyScope()),
  INVITEE_CANCELED("invitee.canceled", Endpoint.Scope.SCHEDULED_EVENTS_READ, anyScope()),
  INVITEE_NO_SHOW_CREATED("invitee_no_show.created", Endpoint.Scope.SCHEDULED_EVENTS_READ, anyScope()),
  INVITEE_NO_SHOW_DELETED("invitee_no_show.deleted", Endpoint.Scope.SCHEDULED_EVENTS_READ, anyScope()),
  ROUTING_FORM_SUBMISSION_CREATED(
      "routing_form_submission.created",
      Endpoint.Scope.ROUTING_FORMS_READ,
      EnumSet.of(WebhookSubscription.Scope.ORGANIZATION)),
  EVENT_TYPE_CREATED("event_type.created", Endpoint.Scope.EVENT_TYPES_READ, anyScope()),
  EVENT_TYPE_DELETED("event_type.deleted", Endpoint.Scope.EVENT_TYPES_READ, anyScope()),
  EVENT_TYPE_UPDATED("event_type.updated", Endpoint.Scope.EVENT_TYPES_READ, anyScope()),
  MEETING_RECAP_CREATED(
      "meeting_recap.created", Endpoint.Scope.MEETING_RECAPS_READ, EnumSet.of(WebhookSubscription.Scope.USER)),
  MEETING_RECAP_UPDATED(
      "meeting_recap.updated", Endpoint.Scope.MEETING_RECAPS_READ, EnumSet.of(WebhookSubscription.Scope.USER)),
  MEETING_RECAP_DELETED(
      "meeting_recap.deleted", Endpoint.Scope.MEETING_RECAPS_READ, EnumSet.of(WebhookSubscription.Scope.USER)),
  CONTACT_CREATED("contact.created", Endpoint.Scope.CONTACTS_READ, anyScope()),
  CONTACT_UPDATED("contact.updated", Endpoint.Scope.CONTACTS_READ, anyScope()),
  CONTACT_DELETED("contact.deleted", Endpoint.Scope.CONTACTS_READ, anyScope());

  private final String wireName;
  private final Endpoint.Scope readScope;
  private final Set<WebhookSubscription.Scope> subscriptionScopes;

  WebhookEvent(String wireName, Endpoint.Scope readScope, Set<WebhookSubscription.Scope> subscriptionScopes) {
    this.wireName = wireName;
    this.readScope = readScope;
    this.subscriptionScopes = Set.copyOf(subscriptionScopes);
  }

  private static Set<WebhookSubscription.Scope> anyScope() {
    return EnumSet.of(
        WebhookSubscription.Scope.USER, WebhookSubscription.Scope.ORGANIZATION, WebhookSubscription.Scope.GROUP);
  }

  /** The event as Calendly spells it, e.g. {@code invitee_no_show.created}. */
  public String wireName() {
    return wireName;
  }

  /** The scope of the data the event carries, which the subscribing token must hold. */
  public Endpoint.Scope readScope() {
    return readScope;
  }

  /** The subscription scopes the event may be subscribed with. */
  public Set<WebhookSubscription.Scope> subscriptionScopes() {
    return subscriptionScopes;
  }

  /** The event Calendly calls {@code name}, if it is one. */
  public static Optional<WebhookEvent> of(String name) {
    return Stream.of(values()).filter(e -> e.wireName.equals(name)).findFirst();
  }

  /** Every event name, comma-separated, for messages. */
  static String names() {
    return Stream.of(values()).map(WebhookEvent::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }

  static String scopeName(WebhookSubscription.Scope scope) {
    return scope.name().toLowerCase(Locale.ROOT);
  }
}
