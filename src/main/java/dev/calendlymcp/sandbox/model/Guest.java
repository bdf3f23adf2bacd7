package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * Someone an invitee added to a scheduled event.
 *
 * @param email the guest's email
 * @param createdAt when the guest was added
 */
public record Guest(String email, Instant createdAt) {}
