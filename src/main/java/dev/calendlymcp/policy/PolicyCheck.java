package dev.calendlymcp.policy;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one place that decides a tool call against a policy, before anything reaches Calendly or the
 * rate limiter. The same table decides what {@code tools/list} shows, so an agent is not offered
 * tools that could only answer "not allowed".
 */
public final class PolicyCheck {

  /** Words of the rule when the person running the server set no policy. */
  public static final String NO_POLICY = "no policy set";

  /**
   * The decision, and what an allowed call must still do.
   *
   * @param ask the person must confirm the call first ({@code +ask})
   * @param hideInvitees results must not show invitees' names, emails or answers
   */
  public record Verdict(Decision decision, boolean ask, boolean hideInvitees) {}

  private PolicyCheck() {}

  public static Verdict check(Policy policy, String tool, Map<String, Object> arguments, Granter granter) {
    if (!policy.restricted()) {
      return new Verdict(Decision.allow(NO_POLICY), false, false);
    }
    var entry = ToolPermissions.of(tool);
    if (entry.isEmpty()) {
      // A tool the table does not know is refused rather than let through unguarded.
      return new Verdict(Decision.deny("no rule for " + tool,
          tool + " has no access rule in this server's policy table, so it is refused for agents with a policy."), false, false);
    }
    List<Permission> needs = ToolPermissions.needsOf(tool, arguments);
    StringJoiner rule = new StringJoiner(", ");
    boolean ask = false;
    for (Permission need : needs) {
      ResourceGrant grant = policy.grantFor(need.resource());
      if (!grant.level().includes(need.level())) {
        return new Verdict(Decision.deny(need.words(), refusal(tool, need, grant, granter)), false, false);
      }
      boolean asks = grant.ask() && need.level().includes(AccessLevel.WRITE);
      ask |= asks;
      rule.add(need.words() + (asks ? "+ask" : ""));
    }
    boolean hide = entry.get().showsInvitees() && !policy.allows(PolicyResource.INVITEES, AccessLevel.READ);
    String words = needs.isEmpty() ? "no permission needed" : rule.toString();
    return new Verdict(Decision.allow(hide ? words + " (invitees hidden)" : words), ask, hide);
  }

  /** Whether {@code tools/list} shows {@code tool}: its own needs are met, whatever its arguments. */
  public static boolean listed(Policy policy, String tool) {
    if (!policy.restricted()) {
      return true;
    }
    return ToolPermissions.of(tool)
        .map(entry -> entry.needs().stream().allMatch(need -> policy.allows(need.resource(), need.level())))
        .orElse(false);
  }

  private static String refusal(String tool, Permission need, ResourceGrant held, Granter granter) {
    String has = held.level() == AccessLevel.NONE ? "no " + need.resource().wireName() + " access"
        : need.resource().wireName() + ": " + held.wireText();
    return "Not allowed: " + tool + " needs " + need.words() + ", and this agent's policy gives it " + has + ". "
        + granter.howToGrant(need) + " Do not retry until then.";
  }
}
