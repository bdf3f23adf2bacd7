package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class WebhooksApiTest extends WireMockCalendlyTest {

  static final String ORG = "https://api.calendly.com/organizations/ORGAAAAAAAAAAAAA";
  static final String USER = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
  static final String GROUP = "https://api.calendly.com/groups/GROUPAAAAAAAAAAA";
  static final String CALLBACK = "https://hooks.example.com/calendly";

  @Test
  void listSendsOrganizationScopeUserAndSortAndReadsEveryField() {
    wm.stubFor(get(urlPathEqualTo("/webhook_subscriptions")).willReturn(okJson(fixture("webhook-subscriptions.json"))));

    Page<WebhookSubscription> page =
        client.webhooks().list(WebhookQuery.ofUser(ORG, USER).withSort("created_at:asc"), PageRequest.first(10)).block();

    assertThat(page).isNotNull();
    assertThat(page.nextPageToken()).isEmpty();
    WebhookSubscription first = page.collection().get(0);
    assertThat(first.uri()).isEqualTo(URI.create("https://api.calendly.com/webhook_subscriptions/WEBHOOKAAAAAAAAA"));
    assertThat(first.callbackUrl()).isEqualTo(URI.create(CALLBACK));
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678123Z"));
    assertThat(first.updatedAt()).isEqualTo(Instant.parse("2026-01-03T03:04:05.678123Z"));
    assertThat(first.retryStartedAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(first.state()).isEqualTo(WebhookSubscription.State.ACTIVE);
    assertThat(first.events()).containsExactly("invitee.created", "invitee.canceled");
    assertThat(first.scope()).isEqualTo(WebhookSubscription.Scope.USER);
    assertThat(first.organization()).isEqualTo(URI.create(ORG));
    assertThat(first.user()).isEqualTo(URI.create(USER));
    assertThat(first.group()).isNull();
    assertThat(first.creator()).isEqualTo(URI.create(USER));
    WebhookSubscription second = page.collection().get(1);
    assertThat(second.state()).isEqualTo(WebhookSubscription.State.DISABLED);
    assertThat(second.scope()).isEqualTo(WebhookSubscription.Scope.GROUP);
    assertThat(second.group()).isEqualTo(URI.create(GROUP));
    assertThat(second.user()).isNull();
    assertThat(second.retryStartedAt()).isNull();
    wm.verify(
        getRequestedFor(urlPathEqualTo("/webhook_subscriptions"))
            .withQueryParam("organization", equalTo(ORG))
            .withQueryParam("scope", equalTo("user"))
            .withQueryParam("user", equalTo(USER))
            .withQueryParam("group", absent())
            .withQueryParam("sort", equalTo("created_at:asc"))
            .withQueryParam("count", equalTo("10")));
  }

  @Test
  void allSendsTheGroupScopeAndStopsWhenThereIsNoNextPage() {
    wm.stubFor(get(urlPathEqualTo("/webhook_subscriptions")).willReturn(okJson(fixture("webhook-subscriptions.json"))));

    List<WebhookSubscription> all = client.webhooks().listAll(WebhookQuery.ofGroup(ORG, GROUP)).collectList().block();

    assertThat(all).hasSize(2);
    assertThat(wm.getAllServeEvents()).hasSize(1);
    wm.verify(
        getRequestedFor(urlPathEqualTo("/webhook_subscriptions"))
            .withQueryParam("scope", equalTo("group"))
            .withQueryParam("group", equalTo(GROUP))
            .withQueryParam("count", equalTo("100")));
  }

  @Test
  void webhookQueriesNeedTheUserOrGroupTheirScopeNames() {
    assertThatThrownBy(() -> new WebhookQuery(URI.create(ORG), WebhookSubscription.Scope.USER, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user is required when scope is user");
    assertThatThrownBy(() -> new WebhookQuery(URI.create(ORG), WebhookSubscription.Scope.GROUP, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group is required when scope is group");
    assertThatThrownBy(() -> new WebhookQuery(null, WebhookSubscription.Scope.ORGANIZATION, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization is required");
    assertThatThrownBy(() -> new WebhookQuery(URI.create(ORG), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope is required");
    assertThatThrownBy(
            () -> new WebhookQuery(URI.create("ORGAAAAAAAAAAAAA"), WebhookSubscription.Scope.ORGANIZATION, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization must be an absolute URI");
    assertThatThrownBy(() -> WebhookQuery.ofOrganization(ORG).withSort("name:asc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sort");
  }

  @Test
  void listWithoutAQueryFailsBeforeSendingAnything() {
    assertThatThrownBy(() -> client.webhooks().list(null, PageRequest.FIRST).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query is required");
    assertThatThrownBy(() -> client.webhooks().listAll(null).blockFirst())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void createSendsEveryFieldIncludingTheSigningKeyAndReadsTheSubscription() {
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("webhook-subscription.json"))));
    NewWebhookSubscription request =
        NewWebhookSubscription.forUser(CALLBACK, List.of("invitee.created", "invitee.canceled"), ORG, USER)
            .withSigningKey("whsec-very-secret-key");

    WebhookSubscription created = client.webhooks().create(request).block();

    assertThat(created).isNotNull();
    assertThat(created.scope()).isEqualTo(WebhookSubscription.Scope.ORGANIZATION);
    assertThat(created.state()).isEqualTo(WebhookSubscription.State.UNKNOWN);
    assertThat(created.events()).containsExactly("invitee.created", "invitee_no_show.created");
    wm.verify(
        postRequestedFor(urlEqualTo("/webhook_subscriptions"))
            .withRequestBody(
                equalToJson(
                    "{\"url\":\""
                        + CALLBACK
                        + "\",\"events\":[\"invitee.created\",\"invitee.canceled\"],\"organization\":\""
                        + ORG
                        + "\",\"scope\":\"user\",\"user\":\""
                        + USER
                        + "\",\"signing_key\":\"whsec-very-secret-key\"}")));
  }

  @Test
  void createLeavesOutTheFieldsAnOrganizationSubscriptionDoesNotNeed() {
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("webhook-subscription.json"))));

    client
        .webhooks()
        .create(NewWebhookSubscription.forOrganization(CALLBACK, List.of("invitee.created", "invitee.created"), ORG))
        .block();

    wm.verify(
        postRequestedFor(urlEqualTo("/webhook_subscriptions"))
            .withRequestBody(
                equalToJson(
                    "{\"url\":\"" + CALLBACK + "\",\"events\":[\"invitee.created\"],\"organization\":\"" + ORG
                        + "\",\"scope\":\"organization\"}")));
  }

  @Test
  void aNewSubscriptionNeverPrintsItsSigningKey() {
    NewWebhookSubscription request =
        NewWebhookSubscription.forGroup(CALLBACK, List.of("invitee.created"), ORG, GROUP)
            .withSigningKey("whsec-very-secret-key");

    assertThat(request.toString()).doesNotContain("whsec-very-secret-key").contains("signingKey=[redacted]");
    assertThat(request.group()).isEqualTo(URI.create(GROUP));
  }

  @Test
  void newSubscriptionsRejectBadFieldsWhenBuilt() {
    assertThatThrownBy(() -> NewWebhookSubscription.forOrganization("http://hooks.example.com/x", List.of("invitee.created"), ORG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url must be an https URL");
    assertThatThrownBy(() -> NewWebhookSubscription.forOrganization(CALLBACK, List.of(), ORG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events must name at least one event");
    assertThatThrownBy(() -> NewWebhookSubscription.forOrganization(CALLBACK, Arrays.asList("invitee.created", " "), ORG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events[1]");
    assertThatThrownBy(() -> NewWebhookSubscription.forUser(CALLBACK, List.of("invitee.created"), ORG, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user is required");
    assertThatThrownBy(
            () ->
                new NewWebhookSubscription(
                    URI.create(CALLBACK), List.of("invitee.created"), URI.create(ORG), WebhookSubscription.Scope.GROUP, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group is required when scope is group");
    assertThatThrownBy(() -> NewWebhookSubscription.forOrganization(CALLBACK, List.of("invitee.created"), ORG).withSigningKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signing_key");
  }

  @Test
  void everyEventOfCalendlysSampleDataPageCanBeSubscribedInAScopeItAllows() {
    List<String> organizationWide = java.util.Arrays.stream(WebhookEvent.values())
        .filter(e -> e.subscriptionScopes().contains(WebhookSubscription.Scope.ORGANIZATION))
        .map(WebhookEvent::wireName).toList();

    NewWebhookSubscription all = NewWebhookSubscription.forOrganization(CALLBACK, organizationWide, ORG);
    NewWebhookSubscription recaps = NewWebhookSubscription.forUser(
        CALLBACK, List.of("meeting_recap.created", "meeting_recap.updated", "meeting_recap.deleted"), ORG, USER);

    assertThat(WebhookEvent.values()).hasSize(14);
    assertThat(all.events()).hasSize(11).contains("event_type.updated", "contact.deleted", "routing_form_submission.created");
    assertThat(recaps.events()).hasSize(3);
    assertThat(WebhookEvent.of("contact.created").orElseThrow().readScope()).isEqualTo(Endpoint.Scope.CONTACTS_READ);
  }

  @Test
  void anEventCalendlyWouldRefuseInTheScopeOrByNameIsNeverSent() {
    assertThatThrownBy(() -> NewWebhookSubscription.forUser(
            CALLBACK, List.of("invitee.created", "routing_form_submission.created"), ORG, USER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("routing_form_submission.created can only be subscribed with scope organization, not user");
    assertThatThrownBy(() -> NewWebhookSubscription.forOrganization(CALLBACK, List.of("meeting_recap.created"), ORG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meeting_recap.created can only be subscribed with scope user, not organization");
    assertThatThrownBy(() -> NewWebhookSubscription.forOrganization(CALLBACK, List.of("invitee.exploded"), ORG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events[0] is not an event Calendly offers");
  }

  @Test
  void aLoopbackCallbackMayUsePlainHttpForLocalTesting() {
    NewWebhookSubscription local =
        NewWebhookSubscription.forOrganization("http://127.0.0.1:8080/hooks", List.of("invitee.created"), ORG);

    assertThat(local.url()).isEqualTo(URI.create("http://127.0.0.1:8080/hooks"));
  }

  @Test
  void createWithoutASubscriptionFailsBeforeSendingAnything() {
    assertThatThrownBy(() -> client.webhooks().create(null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subscription is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aDuplicateSubscriptionIsReportedAsConflict() {
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"title\":\"Already Exists\",\"message\":\"Hook with this url already exists\"}")));

    assertThatThrownBy(
            () ->
                client
                    .webhooks()
                    .create(NewWebhookSubscription.forOrganization(CALLBACK, List.of("invitee.created"), ORG))
                    .block())
        .isInstanceOf(CalendlyException.Conflict.class)
        .hasMessageContaining("Hook with this url already exists");
  }

  @Test
  void getAcceptsAUriAndSendsOnlyItsUuid() {
    wm.stubFor(
        get(urlEqualTo("/webhook_subscriptions/WEBHOOKCCCCCCCCC")).willReturn(okJson(fixture("webhook-subscription.json"))));

    WebhookSubscription subscription =
        client.webhooks().get("https://api.calendly.com/webhook_subscriptions/WEBHOOKCCCCCCCCC").block();

    assertThat(subscription).isNotNull();
    assertThat(subscription.callbackUrl()).isEqualTo(URI.create("https://hooks.example.com/calendly-org"));
  }

  @Test
  void deleteSendsDeleteAndCompletesOnNoContent() {
    wm.stubFor(delete(urlEqualTo("/webhook_subscriptions/WEBHOOKCCCCCCCCC")).willReturn(aResponse().withStatus(204)));

    StepVerifier.create(client.webhooks().delete("WEBHOOKCCCCCCCCC")).verifyComplete();

    wm.verify(deleteRequestedFor(urlEqualTo("/webhook_subscriptions/WEBHOOKCCCCCCCCC")));
  }

  @Test
  void getAndDeleteRejectMalformedReferencesBeforeSendingAnything() {
    assertThatThrownBy(() -> client.webhooks().get("bad id!").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook_subscription");
    assertThatThrownBy(() -> client.webhooks().delete(null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook_subscription is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
