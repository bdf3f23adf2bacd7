package dev.calendlymcp.sandbox.faults;

/**
 * A fault and where it applies.
 *
 * @param endpoint the endpoint it applies to, as {@code METHOD /template} (e.g. {@code POST
 *     /invitees}); null for every endpoint
 * @param fault the fault
 */
public record FaultRule(String endpoint, Fault fault) {

  /** Whether this rule applies to requests counted under {@code endpointKey}. */
  public boolean appliesTo(String endpointKey) {
    return endpoint == null || endpoint.equals(endpointKey);
  }
}
