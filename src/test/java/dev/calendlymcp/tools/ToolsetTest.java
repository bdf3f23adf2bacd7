package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ToolsetTest {

  @Test
  void theDefaultIsSchedulingOnly() {
    assertThat(Toolset.defaults()).containsExactly(Toolset.SCHEDULING);
    assertThat(Toolset.parse("default")).containsExactly(Toolset.SCHEDULING);
  }

  @Test
  void allEnablesEveryToolset() {
    assertThat(Toolset.parse("all")).isEqualTo(EnumSet.allOf(Toolset.class));
  }

  @Test
  void aListIsReadCaseInsensitivelyWithSpaces() {
    assertThat(Toolset.parse(" Scheduling , webhooks,ONE_OFF"))
        .containsExactly(Toolset.SCHEDULING, Toolset.WEBHOOKS, Toolset.ONE_OFF);
  }

  @Test
  void anUnknownToolsetIsNamedWithTheValidOnes() {
    assertThatThrownBy(() -> Toolset.parse("scheduling,calendars"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown toolset 'calendars'; valid: scheduling, availability, event_types, invitees, users,"
                + " organization, webhooks, one_off, compliance, changes, routing, groups, contacts, recaps,"
                + " all, default");
  }

  @Test
  void anEmptyListIsRefused() {
    assertThatThrownBy(() -> Toolset.parse(" ")).hasMessageContaining("at least one toolset");
    assertThatThrownBy(() -> Toolset.parse("scheduling,")).hasMessageContaining("unknown toolset ''");
  }
}
