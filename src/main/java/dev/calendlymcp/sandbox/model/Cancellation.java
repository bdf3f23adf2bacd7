package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * Who canceled a scheduled event or invitee, and why.
 *
 * @param canceledBy name of the person who canceled
 * @param reason free text, or null
 * @param cancelerType {@code host} or {@code invitee}
 * @param createdAt when it was canceled
 */
public record Cancellation(String canceledBy, String reason, String cancelerType, Instant createdAt) {}
