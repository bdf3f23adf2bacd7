package dev.calendlymcp.policy;

import java.util.Objects;

/**
 * What the policy decided for one tool call, made once at the enforcement point so that the
 * refusal the agent sees and the record the audit keeps cannot disagree.
 *
 * @param allowed whether the call may run (an {@code ask} grant still needs the person's yes)
 * @param rule the grant that decided, in words: {@code booking: write}, {@code no policy set}
 * @param reason the isError text the agent gets when refused; empty when allowed
 */
public record Decision(boolean allowed, String rule, String reason) {
  public Decision {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }

  public static Decision allow(String rule) {
    return new Decision(true, rule, "");
  }

  public static Decision deny(String rule, String reason) {
    return new Decision(false, rule, reason);
  }
}
