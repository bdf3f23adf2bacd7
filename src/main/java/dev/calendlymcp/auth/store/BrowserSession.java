package dev.calendlymcp.auth.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A browser that has logged in to our authorization server through Calendly, known by the hash of
 * its {@code __Host-} cookie: lets the server skip the consent page for clients the user already
 * approved, and lets the user see and withdraw consents.
 */
public record BrowserSession(String idHash, String userUri, Instant expiresAt) {
  public BrowserSession {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(userUri, "userUri");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
