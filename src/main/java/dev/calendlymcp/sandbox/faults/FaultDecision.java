package dev.calendlymcp.sandbox.faults;

import java.time.Duration;

/**
 * What the faults do to one request.
 *
 * @param delay how long to wait before anything else
 * @param action what to do after the delay
 * @param errorStatus the status, for {@link Action#ERROR}
 */
public record FaultDecision(Duration delay, Action action, int errorStatus) {

  /** No fault. */
  public static final FaultDecision NONE = new FaultDecision(Duration.ZERO, Action.PROCEED, 0);

  /** What happens after the delay. */
  public enum Action {
    PROCEED,
    ERROR,
    DROP,
    MALFORMED
  }
}
