package dev.calendlymcp.sandbox.model;

import java.util.Locale;

/** A member's role in an organization. */
public enum Role {
  USER,
  ADMIN,
  OWNER;

  /** The role as the API spells it, e.g. {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Organization-level writes and reads of other members' data need admin or owner. */
  public boolean canManageOrganization() {
    return this != USER;
  }
}
