package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.util.List;

/**
 * What adding contacts to a List, or removing them, did. Calendly processes the valid contacts
 * even when others are invalid, and lists by URI only the contacts it did not add or remove.
 *
 * @param succeeded contacts now on the List (added) or off it (removed), including those that
 *     already were
 * @param invalid contacts that do not exist or that the user cannot see
 * @param failed contacts whose write failed; sending them again is safe
 */
public record ListMembershipResult(
    Integer succeeded, Integer invalid, Integer failed, List<URI> invalidContacts, List<URI> failedContacts) {

  public ListMembershipResult {
    invalidContacts = invalidContacts == null ? List.of() : List.copyOf(invalidContacts);
    failedContacts = failedContacts == null ? List.of() : List.copyOf(failedContacts);
  }
}
