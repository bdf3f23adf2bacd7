package dev.calendlymcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

  private static final String PROFILES = """
      ceiling:
        grants:
          booking: write
          cancellation: none
          meetings: full
          invitees: read
      profiles:
        sales:
          grants:
            meetings: read
            invitees: read
            booking: full+ask
            cancellation: full
        support:
          grants:
            meetings: read
          lockdown: true
      """;

  @Test
  void aProfileIsPickedByNameAndHeldUnderTheCeiling() {
    PolicyFile.Loaded sales = PolicyFile.parse(PROFILES, "team.yaml", "sales");
    Policy policy = sales.policy().cappedBy(sales.ceiling().orElseThrow());

    assertThat(policy.grantFor(PolicyResource.BOOKING)).isEqualTo(ResourceGrant.parse("write+ask"));
    assertThat(policy.grantFor(PolicyResource.CANCELLATION)).isEqualTo(ResourceGrant.NONE);
    assertThat(policy.grantFor(PolicyResource.MEETINGS)).isEqualTo(ResourceGrant.of(AccessLevel.READ));
    assertThat(policy.grantFor(PolicyResource.LINKS)).isEqualTo(ResourceGrant.NONE);
    assertThat(PolicyFile.parse(PROFILES, "team.yaml", "support").policy().lockdown()).isTrue();
  }

  @Test
  void aFileWithOnePolicyNeedsNoProfile() {
    Policy policy = PolicyFile.parse("grants:\n  meetings: read\n  booking: write\n", "one.yaml", null).policy();

    assertThat(policy.restricted()).isTrue();
    assertThat(policy.wireText()).isEqualTo("meetings=read,booking=write");
  }

  @Test
  void anUnknownResourceStopsStartUpNamingItsLine() {
    assertThatThrownBy(() -> PolicyFile.parse("grants:\n  meetings: read\n  meeting: write\n", "bad.yaml", null))
        .isInstanceOf(PolicyFile.InvalidPolicyFileException.class)
        .hasMessageStartingWith("policy file bad.yaml, line 3")
        .hasMessageContaining("unknown resource 'meeting'")
        .hasMessageContaining("valid: event_types, availability, meetings");
  }

  @Test
  void aBadLevelStopsStartUpNamingItsLine() {
    assertThatThrownBy(() -> PolicyFile.parse(PROFILES.replace("cancellation: full", "cancellation: everything"), "t.yaml", "sales"))
        .hasMessageStartingWith("policy file t.yaml, line 13")
        .hasMessageContaining("unknown level 'everything'");
    assertThatThrownBy(() -> PolicyFile.parse("grants:\n  meetings: read+ask\n", "t.yaml", null))
        .hasMessageStartingWith("policy file t.yaml, line 2")
        .hasMessageContaining("+ask applies to write and full only");
  }

  @Test
  void badYamlStopsStartUpNamingItsLine() {
    assertThatThrownBy(() -> PolicyFile.parse("grants:\n  meetings: read\n  booking: [write, full\n", "broken.yaml", null))
        .isInstanceOf(PolicyFile.InvalidPolicyFileException.class)
        .hasMessageMatching("policy file broken\\.yaml, line [34].*");
    assertThatThrownBy(() -> PolicyFile.parse("grants:\n  meetings: read\nlockdwn: true\n", "typo.yaml", null))
        .hasMessageStartingWith("policy file typo.yaml, line 3")
        .hasMessageContaining("unknown key 'lockdwn'");
  }

  @Test
  void profilesAndTheFlagMustAgree() {
    assertThatThrownBy(() -> PolicyFile.parse(PROFILES, "team.yaml", null))
        .hasMessageContaining("has profiles (sales, support); pick one with --profile NAME");
    assertThatThrownBy(() -> PolicyFile.parse(PROFILES, "team.yaml", "ops"))
        .hasMessageContaining("has no profile 'ops'; it has: sales, support");
    assertThatThrownBy(() -> PolicyFile.parse("grants:\n  meetings: read\n", "one.yaml", "sales"))
        .hasMessageContaining("has no profiles; drop --profile");
  }

  @Test
  void grantFlagsAddToAPolicyAndNameTheBadFlag() {
    Policy policy = GrantFlags.apply(Policy.denyAll(), List.of("meetings=read", "booking=write+ask"));

    assertThat(policy.wireText()).isEqualTo("meetings=read,booking=write+ask");
    assertThatThrownBy(() -> GrantFlags.apply(Policy.denyAll(), List.of("meetings")))
        .hasMessageContaining("--grant meetings needs RESOURCE=LEVEL");
    assertThatThrownBy(() -> GrantFlags.apply(Policy.denyAll(), List.of("booking=writ")))
        .hasMessageContaining("--grant booking=writ: unknown level 'writ'");
  }
}
