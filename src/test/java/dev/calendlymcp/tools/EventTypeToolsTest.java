package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventTypeToolsTest {

  private static SandboxToolHarness calendly;
  private static SeededUser owner;

  @BeforeAll
  static void start() {
    calendly = SandboxToolHarness.atFixedTime(SandboxToolHarness.defaults());
    owner = calendly.sandbox.user(Plan.ENTERPRISE, Role.OWNER);
  }

  @AfterAll
  static void stop() {
    calendly.close();
  }

  private static List<Map<String, Object>> items(ToolResult result, String field) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (result.structured().get(field) instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) item).forEach((key, value) -> map.put(String.valueOf(key), value));
        out.add(map);
      }
    }
    return out;
  }

  private static List<Object> names(ToolResult result) {
    return items(result, "event_types").stream().map(type -> type.get("name")).toList();
  }

  private static String uriOf(String name) {
    calendly.actAs(owner);
    return items(calendly.callOk("list_event_types", Map.of()), "event_types").stream()
        .filter(type -> name.equals(type.get("name")))
        .map(type -> (String) type.get("uri"))
        .findFirst()
        .orElseThrow();
  }

  private static String uuid(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  @Test
  void listEventTypesShowsTheUsersOwnWithDurationBookingPageAndUri() {
    calendly.actAs(owner);

    ToolResult result = calendly.callOk("list_event_types", Map.of());

    assertThat(names(result)).containsExactlyInAnyOrder(
        "30 Minute Meeting", "60 Minute Consultation", "Group Workshop", "15 Minute Intro");
    Map<String, Object> meeting = items(result, "event_types").stream()
        .filter(type -> "30 Minute Meeting".equals(type.get("name"))).findFirst().orElseThrow();
    assertThat(meeting)
        .containsEntry("slug", "30-minute-meeting")
        .containsEntry("active", true)
        .containsEntry("duration_minutes", 30)
        .containsEntry("kind", "solo")
        .containsEntry("one_off", false)
        .containsEntry("owner", owner.name());
    assertThat((String) meeting.get("uri")).startsWith(calendly.sandbox.apiBaseUrl() + "/event_types/");
    assertThat((String) meeting.get("scheduling_url")).endsWith("/30-minute-meeting");
    assertThat(result.structured()).doesNotContainKey("next_cursor");
    assertThat(result.text()).startsWith("4 event types of you:").contains("\n- 30 Minute Meeting — 30 min, active, slug 30-minute-meeting");
  }

  @Test
  void listEventTypesFiltersByActive() {
    calendly.actAs(owner);

    assertThat(names(calendly.callOk("list_event_types", Map.of("active", false)))).containsExactly("15 Minute Intro");
    assertThat(names(calendly.callOk("list_event_types", Map.of("active", true)))).hasSize(3).doesNotContain("15 Minute Intro");
  }

  @Test
  void listEventTypesShowsAnotherMembersByTheirEmailOrName() {
    SeededUser admin = calendly.sandbox.user(Plan.ENTERPRISE, Role.ADMIN);
    calendly.actAs(owner);

    for (String reference : List.of(admin.email(), admin.name(), admin.name().toLowerCase(java.util.Locale.ROOT))) {
      assertThat(items(calendly.callOk("list_event_types", Map.of("user", reference)), "event_types"))
          .as(reference).hasSize(4).allSatisfy(type -> assertThat(type).containsEntry("owner", admin.name()));
    }
  }

  @Test
  void listEventTypesShowsAnotherMembersByUuidAndAWholeOrganization() {
    SeededUser admin = calendly.sandbox.user(Plan.ENTERPRISE, Role.ADMIN);
    calendly.actAs(owner);

    ToolResult theirs = calendly.callOk("list_event_types", Map.of("user", uuid(admin.userUri())));
    ToolResult all = calendly.callOk("list_event_types", Map.of("organization", owner.organizationUri(), "count", 100));

    assertThat(items(theirs, "event_types")).hasSize(4).allSatisfy(type -> assertThat(type).containsEntry("owner", admin.name()));
    assertThat(theirs.text()).startsWith("4 event types of the user:");
    assertThat(items(all, "event_types")).hasSize(12);
  }

  @Test
  void listEventTypesPagesWithAnOpaqueCursor() {
    calendly.actAs(owner);

    ToolResult first = calendly.callOk("list_event_types", Map.of("count", 3));
    String cursor = (String) first.structured().get("next_cursor");
    ToolResult second = calendly.callOk("list_event_types", Map.of("count", 3, "cursor", cursor));

    assertThat(names(first)).hasSize(3);
    assertThat(cursor).isNotBlank();
    assertThat(first.text()).contains("pass next_cursor as cursor");
    assertThat(names(second)).hasSize(1).doesNotContainAnyElementsOf(names(first));
    assertThat(second.structured()).doesNotContainKey("next_cursor");
  }

  @Test
  void listEventTypesRefusesAUserAndAnOrganizationTogether() {
    calendly.actAs(owner);

    String error = calendly.callFailing("list_event_types", Map.of("user", owner.userUri(), "organization", owner.organizationUri()));

    assertThat(error).startsWith("Invalid argument: user and organization are exclusive");
    assertThat(calendly.sandbox.stats().total()).isZero();
  }

  @Test
  void getEventTypeByUriShowsQuestionsAndLocations() {
    String uri = uriOf("60 Minute Consultation");

    ToolResult result = calendly.callOk("get_event_type", Map.of("event_type", uri));

    assertThat(result.structured())
        .containsEntry("uri", uri)
        .containsEntry("duration_minutes", 60)
        .containsEntry("description", "An in-depth session; please tell us about your company.")
        .containsEntry("duration_options", List.of(60));
    assertThat(items(result, "locations")).first().isEqualTo(Map.of("kind", "physical", "details", "Main office, Room 3"));
    assertThat(items(result, "questions")).containsExactly(
        Map.of("name", "Company", "type", "string", "required", true, "answer_choices", List.of()),
        Map.of("name", "Budget", "type", "single_select", "required", false,
            "answer_choices", List.of("Under 10k", "10k to 50k", "Over 50k")));
    assertThat(result.text()).contains("Locations: physical, google_conference.",
        "Questions: \"Company\" (required); \"Budget\" (optional, one of: Under 10k, 10k to 50k, Over 50k).");
  }

  @Test
  void getEventTypeAcceptsAUuidASlugAPartialNameAndATypo() {
    String uri = uriOf("30 Minute Meeting");

    for (String reference : List.of(uuid(uri), "30-minute-meeting", "30 min", "30 Minut Meting", "  30 MINUTE meeting ")) {
      assertThat(calendly.callOk("get_event_type", Map.of("event_type", reference)).structured())
          .as(reference)
          .containsEntry("uri", uri);
    }
  }

  @Test
  void getEventTypeListsTheCandidatesOfAnAmbiguousName() {
    calendly.actAs(owner);

    String error = calendly.callFailing("get_event_type", Map.of("event_type", "minute"));

    assertThat(error).startsWith("Invalid argument: event_type 'minute' matches 3 event types: ")
        .contains("\"30 Minute Meeting\" (slug 30-minute-meeting, URI " + calendly.sandbox.apiBaseUrl() + "/event_types/",
            "\"60 Minute Consultation\"", "\"15 Minute Intro\" (slug 15-minute-intro, inactive, URI ",
            "Pass the URI of the one you mean as event_type")
        .doesNotContain("Group Workshop");
  }

  @Test
  void getEventTypeOfAnUnknownNameListsWhatExists() {
    calendly.actAs(owner);

    String error = calendly.callFailing("get_event_type", Map.of("event_type", "Board meeting"));

    assertThat(error).contains("event_type 'Board meeting' matches none of the user's event types, which are: ",
        "\"Group Workshop\"", "list_event_types");
  }

  @Test
  void getEventTypeOfAnUnknownUriIsNotFound() {
    calendly.actAs(owner);

    String error = calendly.callFailing("get_event_type",
        Map.of("event_type", calendly.sandbox.apiBaseUrl() + "/event_types/00000000-0000-4000-8000-000000000000"));

    assertThat(error).startsWith("Not found at Calendly.").contains("404");
  }

  @Test
  void createBookingLinkGivesASingleUseLinkAndThePermanentPageEvenOnAFreePlan() {
    SeededUser free = calendly.sandbox.user(Plan.FREE, Role.OWNER);
    calendly.actAs(free);

    ToolResult result = calendly.callOk("create_booking_link", Map.of("event_type", "consultation"));

    assertThat(calendly.requests("POST /scheduling_links")).isEqualTo(1);
    assertThat(result.structured())
        .containsEntry("event_type_name", "60 Minute Consultation")
        .containsEntry("max_bookings", 1);
    assertThat((String) result.structured().get("booking_url")).startsWith(calendly.sandbox.apiBaseUrl() + "/d/");
    assertThat((String) result.structured().get("scheduling_url")).endsWith("/60-minute-consultation");
    assertThat(result.text()).startsWith("Single-use link for 60 Minute Consultation: ").contains("Permanent booking page: ");
  }

  @Test
  void eachToolIsInTheSchedulingToolsetWithTheRightHints() {
    calendly.actAs(owner);

    assertThat(calendly.tool("list_event_types").hints()).isEqualTo(ToolHints.read());
    assertThat(calendly.tool("get_event_type").hints()).isEqualTo(ToolHints.read());
    assertThat(calendly.tool("create_booking_link").hints()).isEqualTo(ToolHints.write(false, false));
    assertThat(calendly.tool("create_booking_link").toolset()).isEqualTo(Toolset.SCHEDULING);
    assertThat(calendly.tool("get_event_type").inputSchema())
        .extractingByKey("required", InstanceOfAssertFactories.LIST).containsExactly("event_type");
  }
}
