package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.net.URI;

/**
 * Filters for {@code GET /webhook_subscriptions}. Calendly always needs the organization and the
 * scope; a {@code user} scope also needs the user and a {@code group} scope the group.
 *
 * @param sort e.g. {@code created_at:desc}; null for Calendly's default
 */
public record WebhookQuery(
    URI organization, WebhookSubscription.Scope scope, URI user, URI group, String sort) {

  public WebhookQuery {
    organization = Arguments.uri(organization, "organization");
    user = Arguments.optionalUri(user, "user");
    group = Arguments.optionalUri(group, "group");
    Arguments.webhookScope(scope, user, group);
    sort = Arguments.sort(sort, "sort", java.util.Set.of("created_at"));
  }

  /** The organization-wide subscriptions. */
  public static WebhookQuery ofOrganization(String organizationUri) {
    return new WebhookQuery(
        CalendlyIds.uri(organizationUri, "organization"),
        WebhookSubscription.Scope.ORGANIZATION,
        null,
        null,
        null);
  }

  /** One user's subscriptions within the organization. */
  public static WebhookQuery ofUser(String organizationUri, String userUri) {
    return new WebhookQuery(
        CalendlyIds.uri(organizationUri, "organization"),
        WebhookSubscription.Scope.USER,
        CalendlyIds.uri(userUri, "user"),
        null,
        null);
  }

  /** One group's subscriptions within the organization. */
  public static WebhookQuery ofGroup(String organizationUri, String groupUri) {
    return new WebhookQuery(
        CalendlyIds.uri(organizationUri, "organization"),
        WebhookSubscription.Scope.GROUP,
        null,
        CalendlyIds.uri(groupUri, "group"),
        null);
  }

  public WebhookQuery withSort(String value) {
    return new WebhookQuery(organization, scope, user, group, value);
  }

  OutboundRequest.Query toQuery() {
    return new OutboundRequest.Query()
        .add("organization", organization)
        .add("scope", scope)
        .add("user", user)
        .add("group", group)
        .add("sort", sort);
  }
}
