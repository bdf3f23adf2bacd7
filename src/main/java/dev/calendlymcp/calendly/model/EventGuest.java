package dev.calendlymcp.calendly.model;

import java.time.Instant;

/** Someone an invitee added to a scheduled event as a guest. */
public record EventGuest(String email, Instant createdAt, Instant updatedAt) {}
