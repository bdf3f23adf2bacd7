package dev.calendlymcp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.policy.ResourceGrant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-resource choices of the consent pages: what is offered under a scope and a ceiling, and
 * the strict reading of what a browser posts.
 */
class PolicyFormTest {

  private static final Set<String> READ_AND_WRITE = Set.of(Scopes.READ, Scopes.WRITE);
  private static final Set<String> OTHERS = Set.of("csrf_token", "ticket", "decision");

  /** A form as a browser posts it: every resource at {@code level} unless {@code changes} says otherwise. */
  private static Map<String, List<String>> form(String level, Map<String, String> changes) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("csrf_token", List.of("c"));
    form.put("ticket", List.of("t"));
    form.put("decision", List.of("approve"));
    for (PolicyResource resource : PolicyResource.values()) {
      form.put("policy." + resource.wireName(), List.of(level));
    }
    changes.forEach((name, value) -> form.put(name, List.of(value)));
    return form;
  }

  private static PolicyForm writable() {
    return PolicyForm.offered(READ_AND_WRITE, Policy.unrestricted());
  }

  @Test
  void aPostedFormBecomesThePolicyWithAskOnlyWhereItChangesSomethingAndLockdown() {
    Policy chosen = writable().parse(form("read", Map.of("policy.booking", "write", "ask.booking", "on",
        "policy.invitees", "none", "policy.cancellation", "full", "lockdown", "on")), OTHERS);

    assertThat(chosen.restricted()).isTrue();
    assertThat(chosen.grantFor(PolicyResource.BOOKING)).isEqualTo(new ResourceGrant(AccessLevel.WRITE, true));
    assertThat(chosen.grantFor(PolicyResource.CANCELLATION)).isEqualTo(ResourceGrant.of(AccessLevel.FULL));
    assertThat(chosen.grantFor(PolicyResource.INVITEES)).isEqualTo(ResourceGrant.NONE);
    assertThat(chosen.grantFor(PolicyResource.MEETINGS)).isEqualTo(ResourceGrant.of(AccessLevel.READ));
    assertThat(chosen.lockdown()).isTrue();
  }

  @Test
  void aTickedAskBesideReadAsksNothingSinceReadingNeverAsks() {
    Policy chosen = writable().parse(form("read", Map.of("ask.booking", "on")), OTHERS);

    assertThat(chosen.grantFor(PolicyResource.BOOKING)).isEqualTo(ResourceGrant.of(AccessLevel.READ));
  }

  @Test
  void anUnknownResourceOrLevelIsRefusedNamingTheField() {
    assertThatThrownBy(() -> writable().parse(form("read", Map.of("policy.calendars", "read")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("policy.calendars").hasMessageContaining("no resource");
    assertThatThrownBy(() -> writable().parse(form("read", Map.of("policy.booking", "everything")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("policy.booking").hasMessageContaining("none, read");
    // Exact words only: no case folding, no "+ask" smuggled into the level.
    assertThatThrownBy(() -> writable().parse(form("read", Map.of("policy.booking", "WRITE")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
    assertThatThrownBy(() -> writable().parse(form("read", Map.of("policy.booking", "write+ask")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
    assertThatThrownBy(() -> writable().parse(form("read", Map.of("ask.calendars", "on")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
  }

  @Test
  void aLevelAboveTheScopeTheClientAskedForIsRefused() {
    PolicyForm readOnly = PolicyForm.offered(Set.of(Scopes.READ), Policy.unrestricted());

    assertThatThrownBy(() -> readOnly.parse(form("read", Map.of("policy.booking", "write")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("at most read");
    assertThatThrownBy(() -> readOnly.parse(form("read", Map.of("policy.cancellation", "full")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
    // Nothing to ask about when nothing can change.
    assertThatThrownBy(() -> readOnly.parse(form("read", Map.of("ask.booking", "on")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
    assertThat(readOnly.parse(form("read", Map.of()), OTHERS).grantFor(PolicyResource.BOOKING))
        .isEqualTo(ResourceGrant.of(AccessLevel.READ));
  }

  @Test
  void aLevelAboveTheOrganizationsCeilingIsRefusedAndNotOffered() {
    Policy ceiling = Policy.denyAll().with(PolicyResource.MEETINGS, ResourceGrant.of(AccessLevel.READ))
        .with(PolicyResource.BOOKING, ResourceGrant.of(AccessLevel.WRITE));
    PolicyForm capped = PolicyForm.offered(READ_AND_WRITE, ceiling);

    assertThatThrownBy(() -> capped.parse(form("none", Map.of("policy.booking", "full")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("at most write");
    assertThatThrownBy(() -> capped.parse(form("none", Map.of("policy.contacts", "read")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("at most none");
    String html = capped.fields(capped.defaults(), "");
    assertThat(html).contains("name=\"policy.booking\"><option value=\"none\">none</option>"
        + "<option value=\"read\" selected>read</option><option value=\"write\">write</option></select>");
    assertThat(html).contains("name=\"policy.contacts\"><option value=\"none\" selected>none</option></select>");
  }

  @Test
  void aMissingResourceARepeatedFieldOrAStrangerFieldIsRefused() {
    Map<String, List<String>> missing = form("read", Map.of());
    missing.remove("policy.meetings");
    assertThatThrownBy(() -> writable().parse(missing, OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("policy.meetings");

    Map<String, List<String>> repeated = form("read", Map.of());
    repeated.put("policy.booking", List.of("read", "full"));
    assertThatThrownBy(() -> writable().parse(repeated, OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class).hasMessageContaining("more than once");

    assertThatThrownBy(() -> writable().parse(form("read", Map.of("grant_everything", "yes")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
    assertThatThrownBy(() -> writable().parse(form("read", Map.of("lockdown", "off")), OTHERS))
        .isInstanceOf(PolicyForm.Invalid.class);
  }

  @Test
  void theDefaultOfferedIsReadForEverythingButInviteesWithAskOfferedOnlyWhereSomethingChanges() {
    PolicyForm form = writable();
    Policy defaults = form.defaults();

    for (PolicyResource resource : PolicyResource.values()) {
      assertThat(defaults.grantFor(resource).level()).as(resource.wireName())
          .isEqualTo(resource == PolicyResource.INVITEES ? AccessLevel.NONE : AccessLevel.READ);
    }
    String html = form.fields(defaults, "");
    assertThat(html).contains("name=\"ask.booking\"", "name=\"ask.cancellation\"", "name=\"lockdown\"")
        .doesNotContain("name=\"ask.routing\"");
    // What the page shows is what it reads back.
    assertThat(form.parse(form("read", Map.of("policy.invitees", "none")), OTHERS)).isEqualTo(defaults);
  }
}
