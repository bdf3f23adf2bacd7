package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.availability.AvailabilityEngine;
import dev.calendlymcp.sandbox.availability.Booked;
import dev.calendlymcp.sandbox.availability.Busy;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.availability.Slot;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.ExternalBusy;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Feeds the availability engine from the model: an event type's slots are its owner's schedule
 * minus the owner's other active meetings and external busy times, cut by the event type's rules.
 * For a group event type its own meetings count as seats taken, not as busy time. Callers hold
 * the store lock, so a booking's check and insert see the same state.
 */
public final class AvailabilityService {

  private final SandboxStore store;

  public AvailabilityService(SandboxStore store) {
    this.store = store;
  }

  /** Open slots of {@code eventType} starting in {@code [from, to)}. */
  public List<Slot> slots(EventType eventType, Instant now, Instant from, Instant to) {
    Optional<Instant[]> window = clip(eventType, from, to);
    if (window.isEmpty()) {
      return List.of();
    }
    return AvailabilityEngine.slots(
        schedule(eventType), eventType.slotRules(), busy(eventType, true), booked(eventType),
        now, window.get()[0], window.get()[1]);
  }

  /** Whether a booking of {@code eventType} at {@code start} would be accepted now. */
  public boolean isBookable(EventType eventType, Instant now, Instant start) {
    if (clip(eventType, start, start.plusNanos(1)).isEmpty()) {
      return false;
    }
    return AvailabilityEngine.isBookable(
        schedule(eventType), eventType.slotRules(), busy(eventType, true), booked(eventType), now, start);
  }

  /**
   * Whether {@code start} would be a slot if the host had no meetings at all: tells "that time
   * has been filled" apart from "that time is not offered".
   */
  public boolean isOfferedWhenFree(EventType eventType, Instant now, Instant start) {
    if (clip(eventType, start, start.plusNanos(1)).isEmpty()) {
      return false;
    }
    return AvailabilityEngine.isBookable(
        schedule(eventType), eventType.slotRules(), busy(eventType, false), List.of(), now, start);
  }

  /**
   * The hours {@code eventType} is bookable: its own, once set through the event type
   * availability endpoint, else those of the schedule it uses.
   */
  public Schedule schedule(EventType eventType) {
    Optional<Schedule> own = store.eventTypeHours(eventType.uuid());
    if (own.isPresent()) {
      return own.get();
    }
    Optional<AvailabilitySchedule> named = store.schedule(eventType.scheduleUuid());
    AvailabilitySchedule chosen =
        named.orElseGet(
            () ->
                store.schedulesOf(eventType.ownerUuid()).stream()
                    .filter(AvailabilitySchedule::isDefault)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("user without a default schedule")));
    return chosen.schedule();
  }

  /** A one-off event type is bookable only on its date range; the window is clipped to it. */
  private Optional<Instant[]> clip(EventType eventType, Instant from, Instant to) {
    if (eventType.dateRange() == null) {
      return Optional.of(new Instant[] {from, to});
    }
    ZoneId zone = schedule(eventType).zone();
    Instant first = eventType.dateRange().startDate().atStartOfDay(zone).toInstant();
    Instant last = eventType.dateRange().endDate().plusDays(1).atStartOfDay(zone).toInstant();
    Instant start = from.isAfter(first) ? from : first;
    Instant end = to.isBefore(last) ? to : last;
    return start.isBefore(end) ? Optional.of(new Instant[] {start, end}) : Optional.empty();
  }

  private List<Busy> busy(EventType eventType, boolean includeMeetings) {
    List<Busy> busy = new ArrayList<>();
    for (ExternalBusy external : store.externalBusyOf(eventType.ownerUuid())) {
      busy.add(new Busy(external.start(), external.end()));
    }
    if (includeMeetings) {
      for (ScheduledEvent event : store.eventsOfHost(eventType.ownerUuid())) {
        boolean ownGroupSession = eventType.isGroup() && event.eventTypeUuid().equals(eventType.uuid());
        if (event.isActive() && !ownGroupSession) {
          busy.add(new Busy(event.start(), event.end()));
        }
      }
    }
    return busy;
  }

  private List<Booked> booked(EventType eventType) {
    if (!eventType.isGroup()) {
      return List.of();
    }
    List<Booked> booked = new ArrayList<>();
    for (ScheduledEvent event : store.eventsOfEventType(eventType.uuid())) {
      if (event.isActive()) {
        int seats = (int) store.inviteesOf(event.uuid()).stream().filter(Invitee::isActive).count();
        if (seats > 0) {
          booked.add(new Booked(event.start(), seats));
        }
      }
    }
    return booked;
  }
}
