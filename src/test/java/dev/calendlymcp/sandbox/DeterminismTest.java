package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static final Instant NOW = Instant.parse("2026-05-12T09:30:00Z");

  private static SandboxConfig config(long seed) {
    return SandboxConfig.builder()
        .seed(seed)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .rateLimits(RateLimitSettings.off())
        // the subscription below points at a host nobody runs: never deliver to it
        .webhookDelivery(dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings.off())
        .build();
  }

  /** A session touching every kind of resource, including writes; bodies with the base URL masked. */
  private static List<String> session(Sandbox sandbox) {
    SandboxHttp http = new SandboxHttp(sandbox.apiBaseUrl());
    SeededUser owner = sandbox.user(Plan.ENTERPRISE, Role.OWNER);
    String token = owner.token();
    List<String> bodies = new ArrayList<>();
    bodies.add(http.get("/users/me", token).body());
    bodies.add(http.get("/organization_memberships?organization=" + q(owner.organizationUri()), token).body());
    Reply types = http.get("/event_types?organization=" + q(owner.organizationUri()) + "&count=100", token);
    bodies.add(types.body());
    String eventType = types.json().path("collection").valueStream()
        .filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    Reply times = http.get("/event_type_available_times?event_type=" + q(eventType) + "&start_time=" + q(NOW.toString())
        + "&end_time=" + q(NOW.plus(Duration.ofDays(7)).toString()), token);
    bodies.add(times.body());
    Reply events = http.get("/scheduled_events?organization=" + q(owner.organizationUri()) + "&count=100", token);
    bodies.add(events.body());
    bodies.add(http.get(events.json().path("collection").get(0).path("uri").asString() + "/invitees", token).body());
    bodies.add(http.get("/user_availability_schedules?user=" + q(owner.userUri()), token).body());
    bodies.add(http.get("/user_busy_times?user=" + q(owner.userUri()) + "&start_time=" + q(NOW.toString())
        + "&end_time=" + q(NOW.plus(Duration.ofDays(7)).toString()), token).body());
    Reply booked = http.post("/invitees", token, """
        {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat", "email": "pat@example.org", "timezone": "UTC"}}
        """.formatted(eventType, times.json().path("collection").get(0).path("start_time").asString()));
    bodies.add(booked.body());
    bodies.add(http.post("/webhook_subscriptions", token, """
        {"url": "https://hooks.example.com", "events": ["invitee.created"], "organization": "%s", "scope": "organization"}
        """.formatted(owner.organizationUri())).body());
    return bodies.stream().map(body -> body.replace(sandbox.apiBaseUrl(), "{base}")).toList();
  }

  @Test
  void twoSandboxesWithTheSameSeedGiveIdenticalResponses() {
    try (Sandbox first = Sandbox.start(config(42)); Sandbox second = Sandbox.start(config(42))) {
      List<String> one = session(first);
      List<String> two = session(second);

      assertThat(one).hasSize(10);
      assertThat(two).isEqualTo(one);
      assertThat(second.users()).extracting(SeededUser::token)
          .isEqualTo(first.users().stream().map(SeededUser::token).toList());
    }
  }

  @Test
  void anotherSeedGivesOtherData() {
    try (Sandbox first = Sandbox.start(config(1)); Sandbox second = Sandbox.start(config(2))) {
      assertThat(session(second).get(0)).isNotEqualTo(session(first).get(0));
    }
  }

  @Test
  void theSmallSeedHasEveryPlanEachWithAnOwnerAnAdminAndAUserInDistinctZones() {
    try (Sandbox sandbox = Sandbox.start(config(3))) {
      List<SeededUser> users = sandbox.users();

      for (Plan plan : Plan.values()) {
        assertThat(users).filteredOn(u -> u.plan() == plan).extracting(SeededUser::role)
            .containsExactlyInAnyOrder(Role.OWNER, Role.ADMIN, Role.USER);
      }
      assertThat(users).extracting(SeededUser::timezone).doesNotHaveDuplicates()
          .contains("Australia/Sydney", "America/Sao_Paulo");
      assertThat(users).extracting(SeededUser::email).doesNotHaveDuplicates();
    }
  }

  @Test
  void theLargeSeedHasAThousandEnterpriseUsersAndTenThousandEvents() {
    try (Sandbox sandbox = Sandbox.start(config(5).toBuilder().size(SandboxSize.LARGE).build())) {
      assertThat(sandbox.users()).hasSize(1000);
      assertThat(sandbox.users()).allMatch(u -> u.plan() == Plan.ENTERPRISE);
      long events = sandbox.model().read(store -> (long) store.eventsOfOrganization(uuid(sandbox.users().get(0).organizationUri())).size());
      assertThat(events).isEqualTo(10_000);
      SandboxHttp http = new SandboxHttp(sandbox.apiBaseUrl());
      Reply page = http.get("/scheduled_events?organization=" + q(sandbox.users().get(0).organizationUri()) + "&count=100",
          sandbox.users().get(0).token());
      assertThat(page.json().path("collection").size()).isEqualTo(100);
    }
  }

  private static String uuid(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }
}
