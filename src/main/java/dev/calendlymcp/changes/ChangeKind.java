package dev.calendlymcp.changes;

import java.util.Locale;

/** What happened at Calendly, as far as a watcher of the calendar cares. */
public enum ChangeKind {
  /** An invitee booked an event. */
  BOOKED,
  /** An invitee (or the host) canceled; the event is gone from the calendar. */
  CANCELED,
  /** A booking was moved: Calendly cancels the old invitee and books a new one, linked. */
  RESCHEDULED,
  /** An event type was created, changed or deleted. */
  EVENT_TYPE_CHANGED;

  /** The name in tool results and docs, e.g. {@code event_type_changed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
