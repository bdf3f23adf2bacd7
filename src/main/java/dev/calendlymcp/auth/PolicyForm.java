package dev.calendlymcp.auth;

import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.policy.ResourceGrant;
import dev.calendlymcp.policy.ToolPermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-resource choices of the consent and consents pages: what may be offered, the form's
 * fields, and the strict reading of a posted form. Offered levels never go above the OAuth scope
 * the client asked for ({@code calendly:read} stops at {@code read}) nor above the organization's
 * ceiling, and a posted form that asks for more, names a resource or level this server does not
 * know, repeats a field or misses a resource is refused whole.
 *
 * <p>Field names, kept stable because browser tests drive the pages by them:
 * {@code policy.<resource>} with a level ({@code none}, {@code read}, {@code write}, {@code full}),
 * {@code ask.<resource>=on} for "ask before acting", and {@code lockdown=on}.
 */
final class PolicyForm {

  static final String POLICY_PREFIX = "policy.";
  static final String ASK_PREFIX = "ask.";
  static final String LOCKDOWN = "lockdown";
  static final String ON = "on";

  /** A posted form that cannot be taken; the message names the field and is safe to show. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<PolicyResource, AccessLevel> highest;
  private final Policy ceiling;

  private PolicyForm(Map<PolicyResource, AccessLevel> highest, Policy ceiling) {
    this.highest = highest;
    this.ceiling = ceiling;
  }

  /** The choices a client granted {@code scopes} may be given under {@code ceiling}. */
  static PolicyForm offered(Set<String> scopes, Policy ceiling) {
    AccessLevel scopeCap = scopes.contains(Scopes.WRITE) ? AccessLevel.FULL : AccessLevel.READ;
    Map<PolicyResource, AccessLevel> highest = new EnumMap<>(PolicyResource.class);
    for (PolicyResource resource : PolicyResource.values()) {
      AccessLevel ceilingCap = ceiling.grantFor(resource).level();
      highest.put(resource, scopeCap.includes(ceilingCap) ? ceilingCap : scopeCap);
    }
    return new PolicyForm(highest, ceiling);
  }

  AccessLevel highest(PolicyResource resource) {
    return highest.get(resource);
  }

  /** Whether "ask before acting" means anything for {@code resource} here. */
  boolean asks(PolicyResource resource) {
    return highest(resource).includes(AccessLevel.WRITE) && ToolPermissions.changesThrough(resource);
  }

  /** What the page shows first: read for everything but invitees, lowered to what may be offered. */
  Policy defaults() {
    return within(Policy.consentDefault());
  }

  /** {@code policy} lowered to what this form may offer; how a stored choice is shown again. */
  Policy within(Policy policy) {
    Policy held = Policy.denyAll().withLockdown(policy.lockdown());
    for (PolicyResource resource : PolicyResource.values()) {
      ResourceGrant grant = policy.grantFor(resource).capTo(ResourceGrant.of(highest(resource)));
      if (grant.level() != AccessLevel.NONE) {
        held = held.with(resource, new ResourceGrant(grant.level(), grant.ask() && asks(resource)));
      }
    }
    return held;
  }

  /**
   * The policy a posted form chose.
   *
   * @param others the other fields the form may carry (CSRF token, ticket, buttons)
   * @throws Invalid naming what is wrong
   */
  Policy parse(Map<String, List<String>> form, Set<String> others) {
    Policy chosen = Policy.denyAll();
    EnumMap<PolicyResource, AccessLevel> levels = new EnumMap<>(PolicyResource.class);
    EnumMap<PolicyResource, Boolean> asked = new EnumMap<>(PolicyResource.class);
    boolean lockdown = false;
    for (Map.Entry<String, List<String>> field : form.entrySet()) {
      String name = field.getKey();
      if (field.getValue().size() != 1) {
        throw new Invalid("The field " + shown(name) + " appears more than once.");
      }
      String value = field.getValue().get(0);
      if (name.startsWith(POLICY_PREFIX)) {
        PolicyResource resource = resource(name.substring(POLICY_PREFIX.length()), name);
        AccessLevel level = level(value, name);
        if (!highest(resource).includes(level)) {
          throw new Invalid(name + " asks for " + level.wireName() + ", but at most " + highest(resource).wireName()
              + " may be given to this client: the access it asked for, or the organization's ceiling, stops there.");
        }
        levels.put(resource, level);
      } else if (name.startsWith(ASK_PREFIX)) {
        PolicyResource resource = resource(name.substring(ASK_PREFIX.length()), name);
        if (!asks(resource) || !ON.equals(value)) {
          throw new Invalid("The field " + shown(name) + " is not one this form offers.");
        }
        asked.put(resource, true);
      } else if (LOCKDOWN.equals(name)) {
        if (!ON.equals(value)) {
          throw new Invalid("The field lockdown may only be on.");
        }
        lockdown = true;
      } else if (!others.contains(name)) {
        throw new Invalid("The field " + shown(name) + " is not one this form has.");
      }
    }
    for (PolicyResource resource : PolicyResource.values()) {
      AccessLevel level = levels.get(resource);
      if (level == null) {
        throw new Invalid("The form names no level for " + resource.wireName() + " (field " + POLICY_PREFIX
            + resource.wireName() + ").");
      }
      if (level != AccessLevel.NONE) {
        // Asking applies to changes only: a ticked box beside "read" asks nothing, so it is dropped.
        boolean ask = asked.getOrDefault(resource, false) && level.includes(AccessLevel.WRITE);
        chosen = chosen.with(resource, new ResourceGrant(level, ask));
      }
    }
    return chosen.withLockdown(lockdown);
  }

  /** The rows of the form, one per resource, with {@code selected} chosen; {@code idPrefix} keeps ids unique. */
  String fields(Policy selected, String idPrefix) {
    StringBuilder rows = new StringBuilder("<fieldset class=\"policy\"><legend>What it may do</legend>");
    for (PolicyResource resource : PolicyResource.values()) {
      String id = Web.escape(idPrefix + resource.wireName());
      ResourceGrant grant = selected.grantFor(resource);
      rows.append("<div class=\"row\"><label class=\"what\" for=\"").append(id).append("\"><strong>")
          .append(Web.escape(resource.wireName().replace('_', ' '))).append("</strong><br><small>")
          .append(Web.escape(resource.summary())).append("</small></label><select id=\"").append(id)
          .append("\" name=\"").append(POLICY_PREFIX).append(resource.wireName()).append("\">");
      for (AccessLevel level : AccessLevel.values()) {
        if (highest(resource).includes(level)) {
          rows.append("<option value=\"").append(level.wireName()).append('"')
              .append(grant.level() == level ? " selected" : "").append('>').append(level.wireName())
              .append("</option>");
        }
      }
      rows.append("</select>");
      if (asks(resource)) {
        boolean required = ceiling.grantFor(resource).ask();
        rows.append("<label class=\"ask\"><input type=\"checkbox\" name=\"").append(ASK_PREFIX)
            .append(resource.wireName()).append("\" value=\"on\"").append(grant.ask() || required ? " checked" : "")
            .append(required ? " disabled" : "").append("> ask before acting")
            .append(required ? " (required by your organization)" : "").append("</label>");
      }
      rows.append("</div>");
    }
    boolean lockdownRequired = ceiling.lockdown();
    rows.append("<div class=\"row\"><label class=\"what\"><input type=\"checkbox\" name=\"").append(LOCKDOWN)
        .append("\" value=\"on\"").append(selected.lockdown() || lockdownRequired ? " checked" : "")
        .append(lockdownRequired ? " disabled" : "")
        .append("> <strong>lockdown</strong><br><small>Withhold what invitees wrote or said (answers, reasons, transcripts) unless"
            + " invitees is full").append(lockdownRequired ? "; required by your organization" : "")
        .append("</small></label></div></fieldset>");
    return rows.toString();
  }

  /** The policy in a short line of words, for the consents page. */
  static String summary(Policy policy) {
    StringBuilder text = new StringBuilder();
    for (PolicyResource resource : PolicyResource.values()) {
      ResourceGrant grant = policy.grantFor(resource);
      if (grant.level() != AccessLevel.NONE) {
        text.append(text.isEmpty() ? "" : ", ").append(resource.wireName()).append(": ").append(grant.level().wireName())
            .append(grant.ask() ? " (asks first)" : "");
      }
    }
    return (text.isEmpty() ? "nothing" : text.toString()) + (policy.lockdown() ? "; lockdown" : "");
  }

  private static PolicyResource resource(String wire, String field) {
    for (PolicyResource resource : PolicyResource.values()) {
      if (resource.wireName().equals(wire)) {
        return resource;
      }
    }
    throw new Invalid("The field " + shown(field) + " names no resource this server knows.");
  }

  private static AccessLevel level(String wire, String field) {
    for (AccessLevel level : AccessLevel.values()) {
      if (level.wireName().equals(wire)) {
        return level;
      }
    }
    throw new Invalid("The field " + field + " has a level this server does not know; the levels are none, read,"
        + " write and full.");
  }

  /** A field name as an error page may quote it: short, whatever was posted. */
  private static String shown(String name) {
    return name.length() > 40 ? name.substring(0, 40) + "…" : name;
  }
}
