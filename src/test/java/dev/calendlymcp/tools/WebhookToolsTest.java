package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookToolsTest {

  private static SandboxToolHarness tools;
  private static SeededUser owner;
  private static SeededUser member;

  @BeforeAll
  static void start() {
    tools = SandboxToolHarness.everyTool();
    owner = tools.sandbox.user(Plan.TEAMS, Role.OWNER);
    member = tools.sandbox.user(Plan.TEAMS, Role.USER);
  }

  @AfterAll
  static void stop() {
    tools.close();
  }

  @Test
  void aSubscriptionIsCreatedListedFetchedAndDeleted() {
    SandboxToolHarness.Outcome created = tools.call(owner, "create_webhook_subscription", Map.of(
        "url", "http://127.0.0.1:9/hooks/lifecycle",
        "events", List.of("invitee.created", "invitee.canceled"),
        "signing_key", "secret-signing-key-123"));
    String uri = created.get("uri");
    assertThat(created.ok().structured())
        .containsEntry("callback_url", "http://127.0.0.1:9/hooks/lifecycle")
        .containsEntry("scope", "user")
        .containsEntry("state", "active")
        .containsEntry("user_uri", owner.userUri());
    assertThat(created.ok().structured().toString() + created.ok().text()).doesNotContain("secret-signing-key-123");

    assertThat(tools.call(owner, "list_webhook_subscriptions", Map.of()).<List<Map<String, Object>>>get("subscriptions"))
        .extracting(s -> s.get("uri")).contains(uri);
    assertThat(tools.call(owner, "get_webhook_subscription", Map.of("subscription", uri)).ok().structured())
        .isEqualTo(created.ok().structured());

    SandboxToolHarness.Outcome deleted = tools.call(owner, "delete_webhook_subscription",
        Map.of("subscription", uri.substring(uri.lastIndexOf('/') + 1)));
    assertThat(deleted.<Boolean>get("deleted")).isTrue();
    assertThat(deleted.ok().text()).startsWith("Deleted the webhook subscription http://127.0.0.1:9/hooks/lifecycle for invitee.created, invitee.canceled");
    assertThat(tools.call(owner, "get_webhook_subscription", Map.of("subscription", uri)).failure()).startsWith("Not found at Calendly.");
  }

  @Test
  void theOwnerSubscribesTheOrganizationAndAMemberMayNot() {
    SandboxToolHarness.Outcome created = tools.call(owner, "create_webhook_subscription", Map.of(
        "url", "http://127.0.0.1:9/hooks/org", "events", List.of("invitee.created"), "scope", "organization"));
    assertThat(created.ok().structured()).containsEntry("scope", "organization").containsEntry("user_uri", null);
    assertThat(tools.call(owner, "list_webhook_subscriptions", Map.of("scope", "organization"))
        .<List<Map<String, Object>>>get("subscriptions")).extracting(s -> s.get("uri")).contains(created.<String>get("uri"));

    String error = tools.call(member, "create_webhook_subscription", Map.of(
        "url", "http://127.0.0.1:9/hooks/member-org", "events", List.of("invitee.created"), "scope", "organization")).failure();
    assertThat(error).startsWith("Calendly refused this.").contains("403", "organization scope needs an admin or owner");
  }

  @Test
  void subscribingTheSameUrlTwiceSaysWhereToFindTheFirst() {
    Map<String, Object> arguments = Map.of("url", "http://127.0.0.1:9/hooks/twice", "events", List.of("invitee.canceled"));
    tools.call(owner, "create_webhook_subscription", arguments).ok();

    String error = tools.call(owner, "create_webhook_subscription", arguments).failure();

    assertThat(error).startsWith("Calendly already has a subscription for this URL and scope.")
        .contains("409", "list_webhook_subscriptions");
  }

  @Test
  void aFreePlanSubscribesToInviteeEventsSinceCalendlysNovember2026Release() {
    SeededUser free = tools.sandbox.user(Plan.FREE, Role.OWNER);

    tools.call(free, "create_webhook_subscription",
        Map.of("url", "http://127.0.0.1:9/hooks/free", "events", List.of("invitee.created"))).ok();

    assertThat(tools.call(free, "list_webhook_subscriptions", Map.of()).ok().text())
        .contains("127.0.0.1:9/hooks/free");
  }

  @Test
  void badUrlsAndEventsAreRefusedWithTheFieldNamed() {
    assertThat(tools.call(owner, "create_webhook_subscription",
        Map.of("url", "http://hooks.example.org/x", "events", List.of("invitee.created"))).failure())
        .startsWith("Invalid argument: url must be an https URL");
    assertThat(tools.call(owner, "create_webhook_subscription",
        Map.of("url", "https://hooks.example.org/x", "events", List.of("meeting.started"))).failure())
        .startsWith("Invalid arguments").contains("events[0]");
    assertThat(tools.call(owner, "create_webhook_subscription",
        Map.of("url", "https://hooks.example.org/x", "events", List.of())).failure())
        .startsWith("Invalid arguments").contains("events");
  }

  @Test
  void deletingAnUnknownSubscriptionIsNotFoundAndDeletesNothing() {
    tools.sandbox.stats().reset();

    String error = tools.call(owner, "delete_webhook_subscription", Map.of("subscription", "NOSUCHSUBSCRIPTION")).failure();

    assertThat(error).startsWith("Not found at Calendly.");
    assertThat(tools.sandbox.stats().count("DELETE /webhook_subscriptions/{uuid}")).isZero();
  }
}
