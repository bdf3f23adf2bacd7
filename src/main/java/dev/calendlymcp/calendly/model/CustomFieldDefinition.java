package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * A custom field contacts can carry.
 *
 * @param fieldType {@code text}, {@code number}, {@code currency}, {@code tags}, {@code date},
 *     {@code single_select} or {@code invitee_question}
 */
public record CustomFieldDefinition(URI uri, String label, String fieldType, Instant createdAt, Instant updatedAt) {}
