package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A custom field contacts can carry.
 *
 * @param fieldType {@code text}, {@code number}, {@code currency}, {@code tags}, {@code date},
 *     {@code single_select} or {@code invitee_question}
 * @param options the choices of a {@code single_select} field, in their order; empty otherwise
 * @param currency the ISO 4217 code of a {@code currency} field; null otherwise
 */
public record CustomFieldDefinition(
    URI uri, String label, String fieldType, List<Option> options, String currency, Instant createdAt,
    Instant updatedAt) {

  public CustomFieldDefinition {
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** One choice of a {@code single_select} field; {@code color} is null when none is set. */
  public record Option(String uuid, String label, String color) {}
}
