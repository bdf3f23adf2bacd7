package dev.calendlymcp.sandbox.model;

import java.util.Locale;

/** Where an organization invitation stands. */
public enum InvitationStatus {
  PENDING,
  ACCEPTED,
  DECLINED,
  REVOKED;

  /** The status as the API spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
