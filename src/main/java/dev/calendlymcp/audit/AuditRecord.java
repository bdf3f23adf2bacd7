package dev.calendlymcp.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What happened on one tool call: who asked, for which Calendly user, what it touched, what the
 * policy decided and why, and how it ended. It never holds a token, and invitee details in it have
 * already been kept, masked, hashed or dropped as {@link PiiMode} says.
 *
 * @param time when the call arrived
 * @param agent the client's name as it introduced itself ({@code clientInfo.name})
 * @param agentId the OAuth client id over HTTP; {@code local} for a server that acts for one connection
 * @param user the Calendly user URI the call acted for; {@code local} when the server does not know it
 * @param tool the tool's name
 * @param target what the call touched, by kind ({@code event_type}, {@code event}, {@code invitee},
 *     {@code start_time}…), in the order they were found
 * @param decision the policy's decision
 * @param rule the rule that decided, e.g. {@code booking: write}
 * @param outcome {@code ok}, {@code error} or {@code cancelled}
 * @param errorCode a short code for an error ({@code calendly_404}, {@code timeout}…); empty when ok
 * @param error the error's first sentence as the agent saw it, bounded; empty when ok
 * @param upstreamCalls how many requests went to Calendly for this call, retries included
 * @param duration from arrival to the end of the call
 */
public record AuditRecord(
    Instant time,
    String agent,
    String agentId,
    String user,
    String tool,
    Map<String, String> target,
    AuditDecision decision,
    String rule,
    String outcome,
    String errorCode,
    String error,
    int upstreamCalls,
    Duration duration) {

  public static final String OK = "ok";
  public static final String ERROR = "error";
  public static final String CANCELLED = "cancelled";

  public AuditRecord {
    Objects.requireNonNull(time, "time");
    agent = Objects.requireNonNullElse(agent, "");
    agentId = Objects.requireNonNullElse(agentId, "");
    user = Objects.requireNonNullElse(user, "");
    Objects.requireNonNull(tool, "tool");
    target = target == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(target));
    Objects.requireNonNull(decision, "decision");
    rule = Objects.requireNonNullElse(rule, "");
    Objects.requireNonNull(outcome, "outcome");
    errorCode = Objects.requireNonNullElse(errorCode, "");
    error = Objects.requireNonNullElse(error, "");
    Objects.requireNonNull(duration, "duration");
  }
}
