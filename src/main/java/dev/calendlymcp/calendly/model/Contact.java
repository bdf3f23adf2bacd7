package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A person in the user's Calendly Contacts, made by scheduling, by hand or through the API.
 *
 * @param customFields values of the organization's custom fields, each naming its field
 */
public record Contact(
    URI uri,
    String name,
    List<Email> emails,
    List<Phone> phoneNumbers,
    String timezone,
    String jobTitle,
    String company,
    String country,
    String state,
    String city,
    String linkedin,
    List<CustomField> customFields,
    Instant createdAt,
    Instant updatedAt) {

  public Contact {
    emails = emails == null ? List.of() : List.copyOf(emails);
    phoneNumbers = phoneNumbers == null ? List.of() : List.copyOf(phoneNumbers);
    customFields = customFields == null ? List.of() : List.copyOf(customFields);
  }

  /** The first email address, or null. */
  public String primaryEmail() {
    return emails.stream().filter(e -> Boolean.TRUE.equals(e.primary())).findFirst()
        .or(() -> emails.stream().findFirst()).map(Email::email).orElse(null);
  }

  public record Email(String email, Boolean primary) {}

  public record Phone(String phoneNumber, Boolean primary) {}

  /**
   * One custom field's value.
   *
   * @param uuid the field definition's UUID
   * @param fieldType e.g. {@code text}, {@code number}, {@code single_select}
   */
  public record CustomField(String uuid, String label, String fieldType, JsonNode value) {}
}
