package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

  private final ToolArguments arguments = new ToolArguments(Map.of(
      "name", "Ada",
      "count", 7,
      "big", BigInteger.valueOf(5_000_000_000L),
      "whole", 3.0,
      "notify", true,
      "start_time", "2026-03-02T15:30:00+01:00"));

  @Test
  void valuesComeBackTyped() {
    assertThat(arguments.string("name")).contains("Ada");
    assertThat(arguments.requiredString("name")).isEqualTo("Ada");
    assertThat(arguments.integer("count")).contains(7L);
    assertThat(arguments.integer("big")).contains(5_000_000_000L);
    assertThat(arguments.integer("whole")).contains(3L);
    assertThat(arguments.bool("notify")).contains(true);
    assertThat(arguments.instant("start_time")).contains(Instant.parse("2026-03-02T14:30:00Z"));
  }

  @Test
  void absentAndNullArgumentsAreEmpty() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", null);
    ToolArguments sparse = new ToolArguments(values);

    assertThat(sparse.string("name")).isEmpty();
    assertThat(sparse.integer("count")).isEmpty();
    assertThat(sparse.bool("notify")).isEmpty();
    assertThat(sparse.instant("start_time")).isEmpty();
    assertThatThrownBy(() -> sparse.requiredString("name")).hasMessage("name is required");
  }

  @Test
  void aTypeTheSchemaShouldHaveRuledOutIsABugInTheTool() {
    assertThatThrownBy(() -> arguments.string("count"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("input schema does not match its handler");
  }

  @Test
  void aListOfStringsIsReadAndAnAbsentOneIsEmpty() {
    ToolArguments list = new ToolArguments(Map.of("events", List.of("invitee.created", "invitee.canceled"), "mixed", List.of("a", 1)));

    assertThat(list.stringList("events")).containsExactly("invitee.created", "invitee.canceled");
    assertThat(list.stringList("absent")).isEmpty();
    assertThatThrownBy(() -> list.stringList("mixed"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("input schema does not match its handler");
  }
}
