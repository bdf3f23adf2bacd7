package dev.calendlymcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyTest {

  @Test
  void everythingNotGrantedIsDeniedOnceAnyGrantIsGiven() {
    Policy policy = Policy.denyAll().with(PolicyResource.MEETINGS, ResourceGrant.parse("read"));

    assertThat(policy.allows(PolicyResource.MEETINGS, AccessLevel.READ)).isTrue();
    assertThat(policy.allows(PolicyResource.MEETINGS, AccessLevel.WRITE)).isFalse();
    assertThat(policy.allows(PolicyResource.BOOKING, AccessLevel.READ)).isFalse();
    assertThat(policy.restricted()).isTrue();
  }

  @Test
  void theConsentDefaultReadsEverythingButInvitees() {
    Policy policy = Policy.consentDefault();

    assertThat(policy.allows(PolicyResource.MEETINGS, AccessLevel.READ)).isTrue();
    assertThat(policy.allows(PolicyResource.INVITEES, AccessLevel.READ)).isFalse();
    assertThat(policy.allows(PolicyResource.BOOKING, AccessLevel.WRITE)).isFalse();
  }

  @Test
  void aCeilingLowersLevelsAndCanDemandAsking() {
    Policy agent = Policy.denyAll()
        .with(PolicyResource.CANCELLATION, ResourceGrant.parse("full"))
        .with(PolicyResource.BOOKING, ResourceGrant.parse("write"));
    Policy ceiling = Policy.denyAll()
        .with(PolicyResource.CANCELLATION, ResourceGrant.parse("read"))
        .with(PolicyResource.BOOKING, ResourceGrant.parse("full+ask"))
        .withLockdown(true);

    Policy capped = agent.cappedBy(ceiling);

    assertThat(capped.grantFor(PolicyResource.CANCELLATION)).isEqualTo(ResourceGrant.of(AccessLevel.READ));
    assertThat(capped.grantFor(PolicyResource.BOOKING)).isEqualTo(new ResourceGrant(AccessLevel.WRITE, true));
    assertThat(capped.lockdown()).isTrue();
    assertThat(capped.wireText()).isEqualTo("booking=write+ask,cancellation=read;lockdown");
  }

  @Test
  void unknownNamesAndLevelsAreRefusedWithTheValidOnes() {
    assertThatThrownBy(() -> PolicyResource.fromWire("calendars"))
        .hasMessageContaining("unknown resource 'calendars'").hasMessageContaining("event_types");
    assertThatThrownBy(() -> ResourceGrant.parse("admin"))
        .hasMessageContaining("unknown level 'admin'").hasMessageContaining("full");
    assertThatThrownBy(() -> ResourceGrant.parse("read+ask")).hasMessageContaining("+ask applies to write and full");
  }
}
