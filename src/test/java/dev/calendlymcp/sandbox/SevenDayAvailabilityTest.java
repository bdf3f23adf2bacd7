package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SevenDayAvailabilityTest extends SandboxTestBase {

  @Override
  SandboxConfig.Builder config() {
    return super.config().maxAvailableTimesSpanDays(7);
  }

  @Test
  void withTheOlderSevenDayLimitAnEightDaySpanIsRejected() {
    SeededUser owner = user(Plan.STANDARD, Role.OWNER);
    String eventType = sandbox.model().eventTypes(owner.userUri()).get(0).uuid();
    String uri = sandbox.apiBaseUrl() + "/event_types/" + eventType;
    String base = "/event_type_available_times?event_type=" + q(uri) + "&start_time=" + q(START.toString());

    Reply seven = http.get(base + "&end_time=" + q(START.plus(Duration.ofDays(7)).toString()), owner.token());
    Reply eight = http.get(base + "&end_time=" + q(START.plus(Duration.ofDays(8)).toString()), owner.token());

    assertThat(seven.status()).isEqualTo(200);
    assertThat(eight.status()).isEqualTo(400);
    assertThat(eight.detailParameters()).containsExactly("end_time");
    assertThat(eight.json().path("details").get(0).path("message").asString()).contains("7 days");
  }
}
