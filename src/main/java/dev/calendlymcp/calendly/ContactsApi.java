package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.Contact;
import dev.calendlymcp.calendly.model.ContactList;
import dev.calendlymcp.calendly.model.ContactNote;
import dev.calendlymcp.calendly.model.CustomFieldDefinition;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Calendly Contacts: people, the user's Lists and Views of them, custom field definitions and
 * private notes. On every plan since 2026-11-19 ({@code contacts:read}, {@code contacts:write}).
 */
public final class ContactsApi {

  /** Calendly's limit on contacts per {@code GET /notes}. */
  public static final int MAX_NOTE_CONTACTS = 10;
  static final int MAX_NOTE_TITLE = 255;
  static final int MAX_NOTE_BODY = 10_000;

  private final RestCalls rest;

  ContactsApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * The filters of {@code GET /contacts}; null leaves one out.
   *
   * @param email exact address
   * @param name part of the name
   * @param company part of the company name
   * @param contactList a List or View URI
   */
  public record Query(String email, String name, String company, URI contactList) {

    OutboundRequest.Query toQuery() {
      return new OutboundRequest.Query()
          .add("email", email == null ? null : Arguments.email(email, "email"))
          .add("name", blankToNull(name))
          .add("company", blankToNull(company))
          .add("contact_list", Arguments.optionalUri(contactList, "contact_list"))
          .add("sort", "updated_at:desc");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** {@code GET /contacts}: one page of contacts, most recently updated first. */
  public Mono<Page<Contact>> list(Query query, PageRequest page) {
    return Mono.fromCallable(() -> (query == null ? new Query(null, null, null, null) : query).toQuery())
        .flatMap(q -> rest.page(Endpoint.LIST_CONTACTS, List.of(), q, page, Contact.class));
  }

  /** {@code GET /contacts/{uuid}}. */
  public Mono<Contact> get(String contactUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(contactUriOrUuid, "contact"))
        .flatMap(uuid -> rest.resource(Endpoint.GET_CONTACT, List.of(uuid), new OutboundRequest.Query(), Contact.class));
  }

  /** {@code GET /contact_lists}: all of the user's Lists and Views (at most 25, one page). */
  public Mono<Page<ContactList>> lists() {
    return rest.page(Endpoint.LIST_CONTACT_LISTS, List.of(), new OutboundRequest.Query(), null, ContactList.class);
  }

  /** {@code GET /contacts/custom_field_definitions}: one page of the organization's custom fields. */
  public Mono<Page<CustomFieldDefinition>> customFieldDefinitions(PageRequest page) {
    return rest.page(
        Endpoint.LIST_CONTACT_CUSTOM_FIELD_DEFINITIONS, List.of(), new OutboundRequest.Query(), page,
        CustomFieldDefinition.class);
  }

  /** {@code GET /notes}: one page of the user's own notes about 1 to 10 contacts, newest first. */
  public Mono<Page<ContactNote>> notes(List<URI> contacts, PageRequest page) {
    return Mono.fromCallable(() -> {
          if (contacts == null || contacts.isEmpty() || contacts.size() > MAX_NOTE_CONTACTS) {
            throw new IllegalArgumentException("contacts must list 1 to " + MAX_NOTE_CONTACTS + " contact URIs");
          }
          String joined = contacts.stream().map(c -> Arguments.uri(c, "contact").toString())
              .collect(Collectors.joining(","));
          return new OutboundRequest.Query().add("contact", joined);
        })
        .flatMap(q -> rest.page(Endpoint.LIST_NOTES, List.of(), q, page, ContactNote.class));
  }

  /** The body of {@code POST /notes}; Calendly trims title and body and needs one of them. */
  public record NewNote(URI contact, String title, String body, Instant remindAt) {}

  /**
   * {@code POST /notes}. Not idempotent: each call makes a note, and a timed-out call may have
   * made one, so it is never resent; check {@link #notes} before trying again.
   */
  public Mono<ContactNote> createNote(NewNote note) {
    return Mono.fromCallable(() -> {
          if (note == null) {
            throw new IllegalArgumentException("note is required");
          }
          Arguments.uri(note.contact(), "contact");
          String title = blankToNull(note.title());
          String body = blankToNull(note.body());
          if (title == null && body == null) {
            throw Arguments.invalid("body", "or title must contain text");
          }
          if (title != null && title.length() > MAX_NOTE_TITLE) {
            throw Arguments.invalid("title", "may have at most " + MAX_NOTE_TITLE + " characters");
          }
          if (body != null && body.length() > MAX_NOTE_BODY) {
            throw Arguments.invalid("body", "may have at most " + MAX_NOTE_BODY + " characters");
          }
          return new NewNote(note.contact(), title, body, note.remindAt());
        })
        .flatMap(body -> rest.resource(Endpoint.CREATE_NOTE, List.of(), body, ContactNote.class));
  }
}
