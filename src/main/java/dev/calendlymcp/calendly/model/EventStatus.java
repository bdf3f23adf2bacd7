package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Whether a scheduled event, or one invitee of it, still stands or was canceled. */
public enum EventStatus {
  ACTIVE,
  CANCELED,
  /** A status Calendly added after this client was written. */
  @JsonEnumDefaultValue
  UNKNOWN
}
