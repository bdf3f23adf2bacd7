package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OneOffAndComplianceToolsTest {

  private static SandboxToolHarness tools;
  private static SeededUser owner;
  private static SeededUser admin;

  @BeforeAll
  static void start() {
    tools = SandboxToolHarness.everyTool();
    owner = tools.sandbox.user(Plan.ENTERPRISE, Role.OWNER);
    admin = tools.sandbox.user(Plan.ENTERPRISE, Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    tools.close();
  }

  @BeforeEach
  void resetCounts() {
    tools.sandbox.stats().reset();
  }

  private static String day(int fromToday) {
    return LocalDate.now(ZoneOffset.UTC).plusDays(fromToday).toString();
  }

  @Test
  void aOneOffEventTypeIsCreatedWithItsLinkLocationAndCoHost() {
    SandboxToolHarness.Outcome created = tools.call(owner, "create_one_off_event_type", Map.of(
        "name", "Contract review with Acme",
        "duration", 45,
        "start_date", day(2),
        "end_date", day(5),
        "location_kind", "physical",
        "location", "1 Main Street",
        "co_hosts", List.of(admin.userUri().substring(admin.userUri().lastIndexOf('/') + 1))));

    assertThat(created.ok().structured())
        .containsEntry("name", "Contract review with Acme")
        .containsEntry("duration", 45)
        .containsEntry("start_date", day(2))
        .containsEntry("host_uri", owner.userUri());
    assertThat(created.ok().text()).contains("Share this link: " + created.get("scheduling_url"));
    EventType stored = tools.client(owner).eventTypes().get(created.get("uri")).block();
    assertThat(stored.type()).isEqualTo("AdhocEventType");
    assertThat(stored.locations()).extracting(l -> l.location()).containsExactly("1 Main Street");
  }

  @Test
  void aCoHostMayBeNamedByEmail() {
    SandboxToolHarness.Outcome created = tools.call(owner, "create_one_off_event_type", Map.of(
        "name", "Pairing", "duration", 30, "start_date", day(2), "end_date", day(3),
        "location_kind", "zoom_conference", "co_hosts", List.of(admin.email())));

    assertThat(created.ok().structured()).containsEntry("name", "Pairing").containsEntry("host_uri", owner.userUri());
  }

  @Test
  void aOneOffEventTypeWithBadDatesDurationOrNoLocationIsRefused() {
    assertThat(tools.call(owner, "create_one_off_event_type", Map.of("name", "x", "duration", 30,
        "start_date", day(5), "end_date", day(2), "location_kind", "zoom_conference")).failure())
        .startsWith("Invalid argument: date_setting.end_date must not be before start_date");
    assertThat(tools.call(owner, "create_one_off_event_type",
        Map.of("name", "x", "duration", 30, "start_date", day(1), "end_date", day(2), "location", "Room 4")).failure())
        .startsWith("Invalid arguments").contains("location_kind");
    assertThat(tools.call(owner, "create_one_off_event_type", Map.of("name", "x", "duration", 721,
        "start_date", day(1), "end_date", day(2), "location_kind", "zoom_conference")).failure())
        .startsWith("Invalid arguments").contains("duration");
    assertThat(tools.sandbox.stats().count("POST /one_off_event_types")).isZero();
    assertThat(tools.call(owner, "create_one_off_event_type", Map.of("name", "x", "duration", 30,
        "start_date", day(-3), "end_date", day(-2), "location_kind", "zoom_conference")).failure())
        .startsWith("Calendly rejected the request.").contains("date_setting.end_date");
  }

  @Test
  void anUnknownCoHostIsNotFoundAndNothingIsCreated() {
    String error = tools.call(owner, "create_one_off_event_type", Map.of(
        "name", "x", "duration", 30, "start_date", day(1), "end_date", day(2), "location_kind", "zoom_conference",
        "co_hosts", List.of("00000000-0000-4000-8000-000000000000"))).failure();

    assertThat(error).startsWith("Not found at Calendly. GET /users/{uuid}: 404");
    assertThat(tools.sandbox.stats().count("POST /one_off_event_types")).isZero();
  }

  @Test
  void anEnterpriseAdminDeletesInviteeDataWithoutEchoingTheAddresses() {
    SandboxToolHarness.Outcome deleted = tools.call(admin, "delete_invitee_data",
        Map.of("emails", List.of("gone@example.org", "also.gone@example.org", "gone@example.org")));

    assertThat(deleted.ok().structured()).containsEntry("accepted", true).containsEntry("email_count", 2);
    assertThat(deleted.ok().text()).doesNotContain("gone@example.org").contains("2 invitees", "7 days");
    assertThat(tools.sandbox.stats().count("POST /data_compliance/deletion/invitees")).isEqualTo(1);
  }

  @Test
  void deletingInviteeDataBelowEnterpriseIsRefusedWithTheReason() {
    SeededUser teams = tools.sandbox.user(Plan.TEAMS, Role.OWNER);

    String error = tools.call(teams, "delete_invitee_data", Map.of("emails", List.of("a@example.org"))).failure();

    assertThat(error).startsWith("Calendly refused this.").contains("403", "needs an Enterprise plan");
  }

  @Test
  void deletingInviteeDataNeedsAtLeastOneValidAddress() {
    assertThat(tools.call(owner, "delete_invitee_data", Map.of("emails", List.of())).failure()).startsWith("Invalid arguments");
    assertThat(tools.call(owner, "delete_invitee_data", Map.of("emails", List.of("not-an-email"))).failure())
        .startsWith("Invalid arguments").contains("emails[0]");
    assertThat(tools.sandbox.stats().total()).isZero();
  }
}
