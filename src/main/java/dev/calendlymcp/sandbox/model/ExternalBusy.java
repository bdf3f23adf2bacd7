package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * A busy stretch from a user's connected calendar (not a Calendly meeting).
 *
 * @param userUuid whose calendar
 * @param start start, inclusive
 * @param end end, exclusive
 */
public record ExternalBusy(String userUuid, Instant start, Instant end) {}
