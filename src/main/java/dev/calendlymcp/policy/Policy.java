package dev.calendlymcp.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What one agent may do, resource by resource. Everything not granted is {@code none}, except for
 * the {@link #unrestricted()} policy that stdio runs with when the person owning the token set
 * none. {@code lockdown} withholds free text written by outsiders unless {@code invitees} is
 * {@code full}.
 */
public record Policy(Map<PolicyResource, ResourceGrant> grants, boolean lockdown, boolean restricted) {

  public Policy {
    Objects.requireNonNull(grants, "grants");
    EnumMap<PolicyResource, ResourceGrant> copy = new EnumMap<>(PolicyResource.class);
    grants.forEach((resource, grant) -> copy.put(Objects.requireNonNull(resource), Objects.requireNonNull(grant)));
    grants = Map.copyOf(copy);
  }

  /** No policy set: every resource at {@code full}, nothing asked. */
  public static Policy unrestricted() {
    EnumMap<PolicyResource, ResourceGrant> all = new EnumMap<>(PolicyResource.class);
    for (PolicyResource resource : PolicyResource.values()) {
      all.put(resource, ResourceGrant.of(AccessLevel.FULL));
    }
    return new Policy(all, false, false);
  }

  /** Denies everything; grants are then added with {@link #with}. */
  public static Policy denyAll() {
    return new Policy(Map.of(), false, true);
  }

  /** What the consent page offers first: read access to everything except invitees. */
  public static Policy consentDefault() {
    EnumMap<PolicyResource, ResourceGrant> read = new EnumMap<>(PolicyResource.class);
    for (PolicyResource resource : PolicyResource.values()) {
      if (resource != PolicyResource.INVITEES) {
        read.put(resource, ResourceGrant.of(AccessLevel.READ));
      }
    }
    return new Policy(read, false, true);
  }

  public ResourceGrant grantFor(PolicyResource resource) {
    return grants.getOrDefault(resource, ResourceGrant.NONE);
  }

  public boolean allows(PolicyResource resource, AccessLevel needed) {
    return grantFor(resource).level().includes(needed);
  }

  public Policy with(PolicyResource resource, ResourceGrant grant) {
    EnumMap<PolicyResource, ResourceGrant> next = new EnumMap<>(PolicyResource.class);
    next.putAll(grants);
    next.put(resource, grant);
    return new Policy(next, lockdown, true);
  }

  public Policy withLockdown(boolean on) {
    return new Policy(grants, on, restricted);
  }

  /**
   * This policy held under an organization-wide ceiling: no resource above the ceiling's level,
   * and lockdown if either sets it.
   */
  public Policy cappedBy(Policy ceiling) {
    EnumMap<PolicyResource, ResourceGrant> capped = new EnumMap<>(PolicyResource.class);
    for (PolicyResource resource : PolicyResource.values()) {
      ResourceGrant grant = grantFor(resource).capTo(ceiling.grantFor(resource));
      if (grant.level() != AccessLevel.NONE) {
        capped.put(resource, grant);
      }
    }
    return new Policy(capped, lockdown || ceiling.lockdown, restricted || ceiling.restricted);
  }

  /**
   * Reads what {@link #wireText()} wrote: a restricted policy. How stored consents keep an agent's
   * policy.
   *
   * @throws IllegalArgumentException naming the unknown resource or level
   */
  public static Policy fromWireText(String text) {
    Objects.requireNonNull(text, "text");
    String grantsText = text;
    boolean lockdown = false;
    if (text.endsWith(";lockdown")) {
      grantsText = text.substring(0, text.length() - ";lockdown".length());
      lockdown = true;
    }
    Policy policy = denyAll().withLockdown(lockdown);
    if (grantsText.isEmpty()) {
      return policy;
    }
    for (String pair : grantsText.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not resource=level: '" + PolicyText.clip(pair) + "'");
      }
      policy = policy.with(PolicyResource.fromWire(pair.substring(0, eq)), ResourceGrant.parse(pair.substring(eq + 1)));
    }
    return policy;
  }

  /** {@code meetings=read,booking=write+ask}, in resource order; what audit records quote. */
  public String wireText() {
    StringJoiner text = new StringJoiner(",");
    for (PolicyResource resource : PolicyResource.values()) {
      ResourceGrant grant = grantFor(resource);
      if (grant.level() != AccessLevel.NONE) {
        text.add(resource.wireName() + "=" + grant.wireText());
      }
    }
    return text.toString() + (lockdown ? ";lockdown" : "");
  }
}
