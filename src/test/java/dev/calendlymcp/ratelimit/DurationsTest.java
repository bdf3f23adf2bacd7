package dev.calendlymcp.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void waitsAreWrittenForPeopleAndNeverUnderstated() {
    assertThat(Durations.describe(0)).isEqualTo("0 s");
    assertThat(Durations.describe(1)).isEqualTo("1 s");
    assertThat(Durations.describe(42_000)).isEqualTo("42 s");
    assertThat(Durations.describe(60_000)).isEqualTo("1 min");
    assertThat(Durations.describe(60_500)).isEqualTo("1 min 1 s");
    assertThat(Durations.describe(3_600_000)).isEqualTo("1 h");
    assertThat(Durations.describe((7 * 3600 + 11 * 60 + 30) * 1000L)).isEqualTo("7 h 12 min");
    assertThat(Durations.describe((7 * 3600 + 59 * 60 + 1) * 1000L)).isEqualTo("8 h");
  }
}
