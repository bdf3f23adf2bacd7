package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DataComplianceApiTest extends WireMockCalendlyTest {

  @Test
  void deleteInviteeDataSendsTheAddressesAndCompletesOnAccepted() {
    wm.stubFor(
        post(urlEqualTo("/data_compliance/deletion/invitees"))
            .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));

    StepVerifier.create(
            client.dataCompliance().deleteInviteeData(List.of("ada@example.com", " grace@example.org ")))
        .verifyComplete();

    wm.verify(
        postRequestedFor(urlEqualTo("/data_compliance/deletion/invitees"))
            .withRequestBody(equalToJson("{\"emails\":[\"ada@example.com\",\"grace@example.org\"]}")));
  }

  @Test
  void deleteInviteeDataReportsAMissingEnterprisePlanAsPermissionDenied() {
    wm.stubFor(
        post(urlEqualTo("/data_compliance/deletion/invitees"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"title\":\"Permission Denied\",\"message\":\"This feature requires an Enterprise subscription\"}")));

    assertThatThrownBy(() -> client.dataCompliance().deleteInviteeData(List.of("ada@example.com")).block())
        .isInstanceOf(CalendlyException.PermissionDenied.class)
        .hasMessageContaining("Enterprise");
  }

  @Test
  void deleteInviteeDataRejectsAnEmptyOrOversizedListBeforeSendingAnything() {
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= DataComplianceApi.MAX_EMAILS; i++) {
      tooMany.add("person" + i + "@example.com");
    }

    assertThatThrownBy(() -> client.dataCompliance().deleteInviteeData(List.of()).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emails must list at least one");
    assertThatThrownBy(() -> client.dataCompliance().deleteInviteeData(null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emails");
    assertThatThrownBy(() -> client.dataCompliance().deleteInviteeData(tooMany).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 100")
        .hasMessageContaining("got 101");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void deleteInviteeDataNamesTheBadPositionWithoutRepeatingTheAddress() {
    assertThatThrownBy(
            () ->
                client
                    .dataCompliance()
                    .deleteInviteeData(Arrays.asList("ada@example.com", "private person at home"))
                    .block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emails[1]")
        .hasMessageNotContaining("private person");
    assertThatThrownBy(
            () -> client.dataCompliance().deleteInviteeData(Arrays.asList("ada@example.com", null)).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emails[1] is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
