package dev.calendlymcp.changes;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change in a Calendly account's calendar, as the feed stores it.
 *
 * @param cursor the change's position in its account's feed; later changes have larger cursors
 * @param account the Calendly user URI the change belongs to; only that account's sessions see it
 * @param kind what happened
 * @param at when the server learnt of it
 * @param subjectUri the scheduled event (or, for {@link ChangeKind#EVENT_TYPE_CHANGED}, the event
 *     type) that changed
 * @param oldInviteeUri for a reschedule, the canceled booking's invitee; for a cancel or a booking,
 *     the invitee concerned when known
 * @param newInviteeUri for a reschedule, the new booking's invitee
 * @param newEventUri for a reschedule, the new booking's event
 */
public record Change(
    long cursor,
    String account,
    ChangeKind kind,
    Instant at,
    String subjectUri,
    Optional<String> oldInviteeUri,
    Optional<String> newInviteeUri,
    Optional<String> newEventUri) {

  public Change {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(subjectUri, "subjectUri");
    Objects.requireNonNull(oldInviteeUri, "oldInviteeUri");
    Objects.requireNonNull(newInviteeUri, "newInviteeUri");
    Objects.requireNonNull(newEventUri, "newEventUri");
  }

  /** A change before the store gives it a cursor. */
  public record Draft(
      ChangeKind kind,
      Instant at,
      String subjectUri,
      Optional<String> oldInviteeUri,
      Optional<String> newInviteeUri,
      Optional<String> newEventUri) {

    public Draft {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(subjectUri, "subjectUri");
      Objects.requireNonNull(oldInviteeUri, "oldInviteeUri");
      Objects.requireNonNull(newInviteeUri, "newInviteeUri");
      Objects.requireNonNull(newEventUri, "newEventUri");
    }

    /** A booking, cancellation or event type change with no invitee link. */
    public static Draft of(ChangeKind kind, Instant at, String subjectUri) {
      return new Draft(kind, at, subjectUri, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A reschedule: one change that links the canceled booking to the new one. */
    public static Draft rescheduled(
        Instant at, String oldEventUri, String oldInviteeUri, String newEventUri, String newInviteeUri) {
      return new Draft(ChangeKind.RESCHEDULED, at, oldEventUri,
          Optional.of(oldInviteeUri), Optional.of(newInviteeUri), Optional.of(newEventUri));
    }

    Change at(long cursor, String account) {
      return new Change(cursor, account, kind, at, subjectUri, oldInviteeUri, newInviteeUri, newEventUri);
    }
  }
}
