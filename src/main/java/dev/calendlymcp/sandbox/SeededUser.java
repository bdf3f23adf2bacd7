package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;

/**
 * A user the sandbox created at start, with a personal access token carrying every scope.
 * {@link #toString()} leaves the token out.
 *
 * @param email login email
 * @param name full name
 * @param userUri the user's URI
 * @param organizationUri the organization's URI
 * @param plan the organization's plan
 * @param role the user's role in it
 * @param timezone the user's IANA time zone
 * @param token the personal access token
 */
public record SeededUser(
    String email,
    String name,
    String userUri,
    String organizationUri,
    Plan plan,
    Role role,
    String timezone,
    String token) {

  @Override
  public String toString() {
    return "SeededUser[email=" + email + ", plan=" + plan.wireName() + ", role=" + role.wireName()
        + ", userUri=" + userUri + "]";
  }
}
