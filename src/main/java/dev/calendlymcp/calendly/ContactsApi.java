package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.Contact;
import dev.calendlymcp.calendly.model.ContactList;
import dev.calendlymcp.calendly.model.ContactNote;
import dev.calendlymcp.calendly.model.CreatedContactList;
import dev.calendlymcp.calendly.model.CustomFieldDefinition;
import dev.calendlymcp.calendly.model.ListMembershipResult;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Calendly Contacts: people, the user's Lists and Views of them, custom field definitions and
 * private notes. On every plan since 2026-11-19 ({@code contacts:read}, {@code contacts:write}).
 */
public final class ContactsApi {

  /** Calendly's limit on contacts per {@code GET /notes}. */
  public static final int MAX_NOTE_CONTACTS = 10;
  static final int MAX_NOTE_TITLE = 255;
  static final int MAX_NOTE_BODY = 10_000;
  private static final int MAX_TEXT = 255;

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

  /** {@code GET /contact_lists/{uuid}}: one List or View. */
  public Mono<ContactList> getList(String listUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(listUriOrUuid, "contact_list"))
        .flatMap(uuid -> rest.resource(
            Endpoint.GET_CONTACT_LIST, List.of(uuid), new OutboundRequest.Query(), ContactList.class));
  }

  /** Calendly's limits: 255 characters for a List's name, 500 contacts per membership request. */
  public static final int MAX_LIST_NAME = 255;
  public static final int MAX_LIST_CONTACTS = 500;

  private record NewList(String name, List<URI> contacts) {}

  private record ListName(String name) {}

  private record Members(List<URI> contacts) {}

  /**
   * {@code POST /contact_lists}: a List ({@code static_list}) named {@code name}, with {@code
   * contacts} (may be empty) added after it is made. Not idempotent: a timed-out call may have made
   * the List, so it is never resent; look for it with {@link #lists} before trying again. A name
   * already taken (ignoring case, accents and surrounding spaces) is a 409.
   */
  public Mono<CreatedContactList> createList(String name, List<URI> contacts) {
    return Mono.fromCallable(() -> new NewList(listName(name), members(contacts, true)))
        .flatMap(body -> rest.plainWithBody(Endpoint.CREATE_CONTACT_LIST, List.of(), body, CreatedContactList.class))
        .map(created -> {
          if (created.resource() == null) {
            throw new CalendlyException.MalformedResponse(
                Endpoint.CREATE_CONTACT_LIST, 201, "no \"resource\" in the body", null);
          }
          return created;
        });
  }

  /**
   * {@code PATCH /contact_lists/{uuid}}: renames a List or View, the only change Calendly allows. The
   * default All Contacts View cannot be renamed (409).
   */
  public Mono<ContactList> renameList(String listUriOrUuid, String name) {
    return Mono.fromCallable(() -> {
          String uuid = CalendlyIds.uuid(listUriOrUuid, "contact_list");
          listName(name);
          return uuid;
        })
        .flatMap(uuid -> rest.resource(
            Endpoint.UPDATE_CONTACT_LIST, List.of(uuid), new ListName(name.strip()), ContactList.class));
  }

  /**
   * {@code POST /contact_lists/{uuid}/memberships}: adds up to 500 contacts to a List; one already
   * on it is left as it is, so sending again is safe. A View answers 409.
   */
  public Mono<ListMembershipResult> addToList(String listUriOrUuid, List<URI> contacts) {
    return membership(Endpoint.ADD_CONTACT_LIST_MEMBERS, listUriOrUuid, contacts);
  }

  /**
   * {@code POST /contact_lists/{uuid}/memberships/removal}: takes up to 500 contacts off a List
   * without deleting them; sending again is safe. A View answers 409.
   */
  public Mono<ListMembershipResult> removeFromList(String listUriOrUuid, List<URI> contacts) {
    return membership(Endpoint.REMOVE_CONTACT_LIST_MEMBERS, listUriOrUuid, contacts);
  }

  private record MembershipCall(String uuid, Members body) {}

  private Mono<ListMembershipResult> membership(Endpoint endpoint, String listUriOrUuid, List<URI> contacts) {
    return Mono.fromCallable(() -> new MembershipCall(
            CalendlyIds.uuid(listUriOrUuid, "contact_list"), new Members(members(contacts, false))))
        .flatMap(call -> rest.resource(endpoint, List.of(call.uuid()), call.body(), ListMembershipResult.class));
  }

  private static String listName(String name) {
    String stripped = blankToNull(name);
    if (stripped == null) {
      throw Arguments.invalid("name", "must contain text");
    }
    if (stripped.length() > MAX_LIST_NAME) {
      throw Arguments.invalid("name", "may have at most " + MAX_LIST_NAME + " characters");
    }
    return stripped;
  }

  /** The contact URIs to send; null for none when {@code optional}. */
  private static List<URI> members(List<URI> contacts, boolean optional) {
    if (contacts == null || contacts.isEmpty()) {
      if (optional) {
        return null;
      }
      throw Arguments.invalid("contacts", "must list at least one contact URI");
    }
    if (contacts.size() > MAX_LIST_CONTACTS) {
      throw Arguments.invalid("contacts", "may list at most " + MAX_LIST_CONTACTS + " contacts per request");
    }
    return contacts.stream().map(c -> Arguments.uri(c, "contacts")).toList();
  }

  /** {@code GET /contacts/custom_field_definitions/{uuid}}: one custom field definition. */
  public Mono<CustomFieldDefinition> customFieldDefinition(String uriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(uriOrUuid, "custom_field_definition"))
        .flatMap(uuid -> rest.resource(Endpoint.GET_CONTACT_CUSTOM_FIELD_DEFINITION, List.of(uuid),
            new OutboundRequest.Query(), CustomFieldDefinition.class));
  }

  /** The field types {@code POST /contacts/custom_field_definitions} makes; invitee questions map themselves. */
  public static final Set<String> CREATABLE_FIELD_TYPES =
      Set.of("text", "number", "currency", "tags", "date", "single_select");

  /** Calendly's limit on a {@code single_select} field's options. */
  public static final int MAX_FIELD_OPTIONS = 10;

  /**
   * The body of {@code POST /contacts/custom_field_definitions}: a label, a type, and only what
   * the type needs ({@code currency} for currency fields, 1 to 10 options for single_select).
   */
  public record NewCustomField(String label, String fieldType, String currency, List<OptionLabel> options) {
    public NewCustomField {
      options = options == null ? null : List.copyOf(options);
    }
  }

  /** An option to create: Calendly takes only its label and assigns the UUID. */
  public record OptionLabel(String label) {}

  /**
   * {@code POST /contacts/custom_field_definitions}. A label that exists already, ignoring case, is a
   * 409; the caller needs permission to create custom fields (403 otherwise). Not resent.
   */
  public Mono<CustomFieldDefinition> createCustomField(NewCustomField field) {
    return Mono.fromCallable(() -> {
          if (field == null) {
            throw Arguments.invalid("custom field", "is required");
          }
          String label = blankToNull(field.label());
          if (label == null || label.length() > MAX_TEXT) {
            throw Arguments.invalid("label", "must have 1 to " + MAX_TEXT + " characters");
          }
          String type = field.fieldType() == null ? null : field.fieldType().strip().toLowerCase(Locale.ROOT);
          if (type == null || !CREATABLE_FIELD_TYPES.contains(type)) {
            throw Arguments.invalid("field_type", "must be one of " + String.join(", ",
                CREATABLE_FIELD_TYPES.stream().sorted().toList()));
          }
          String currency = null;
          if (type.equals("currency")) {
            currency = field.currency() == null ? "" : field.currency().strip().toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) {
              throw Arguments.invalid("currency", "must be a 3-letter ISO 4217 code, e.g. USD");
            }
          } else if (field.currency() != null) {
            throw Arguments.invalid("currency", "is only for currency fields");
          }
          List<OptionLabel> options = null;
          if (type.equals("single_select")) {
            if (field.options() == null || field.options().isEmpty() || field.options().size() > MAX_FIELD_OPTIONS) {
              throw Arguments.invalid("options", "must list 1 to " + MAX_FIELD_OPTIONS + " labels for a single_select field");
            }
            options = field.options().stream().map(o -> {
              String text = o == null ? null : blankToNull(o.label());
              if (text == null || text.length() > MAX_TEXT) {
                throw Arguments.invalid("options", "each need a label of 1 to " + MAX_TEXT + " characters");
              }
              return new OptionLabel(text);
            }).toList();
          } else if (field.options() != null) {
            throw Arguments.invalid("options", "are only for single_select fields");
          }
          return new NewCustomField(label, type, currency, options);
        })
        .flatMap(body -> rest.resource(
            Endpoint.CREATE_CONTACT_CUSTOM_FIELD_DEFINITION, List.of(), body, CustomFieldDefinition.class));
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

  /** {@code GET /notes/{uuid}}: one of the user's own notes; another user's note is a 404. */
  public Mono<ContactNote> getNote(String noteUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(noteUriOrUuid, "note"))
        .flatMap(uuid -> rest.resource(Endpoint.GET_NOTE, List.of(uuid), new OutboundRequest.Query(), ContactNote.class));
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

  /** Calendly's limit on a contact's email addresses, and on its phone numbers. */
  public static final int MAX_EMAILS = 10;

  /** A custom field value to write: the field definition's UUID and a value of its type. */
  public record CustomFieldValue(String uuid, JsonNode value) {}

  /**
   * The fields of {@code POST /contacts} and {@code PATCH /contacts/{uuid}}; null leaves one out.
   * On create, {@code name} and at least one email are required. On update, {@code emails} and
   * {@code phoneNumbers} replace the whole list: read the contact first and send every address.
   */
  public record ContactFields(
      String name,
      List<Contact.Email> emails,
      List<Contact.Phone> phoneNumbers,
      String timezone,
      String jobTitle,
      String company,
      String country,
      String state,
      String city,
      String linkedin,
      List<CustomFieldValue> customFields) {

    public ContactFields {
      emails = emails == null ? null : List.copyOf(emails);
      phoneNumbers = phoneNumbers == null ? null : List.copyOf(phoneNumbers);
      customFields = customFields == null ? null : List.copyOf(customFields);
    }

    boolean isEmpty() {
      return name == null && emails == null && phoneNumbers == null && timezone == null && jobTitle == null
          && company == null && country == null && state == null && city == null && linkedin == null
          && customFields == null;
    }
  }

  /**
   * {@code POST /contacts}. Not idempotent: a timed-out call may have made the contact, so it is
   * never resent; look the email up with {@link #list} before trying again.
   */
  public Mono<Contact> create(ContactFields contact) {
    return Mono.fromCallable(() -> {
          if (contact == null) {
            throw Arguments.invalid("contact", "is required");
          }
          Arguments.text(contact.name(), "name");
          if (contact.emails() == null || contact.emails().isEmpty()) {
            throw Arguments.invalid("emails", "need at least one address");
          }
          return check(contact);
        })
        .flatMap(body -> rest.resource(Endpoint.CREATE_CONTACT, List.of(), body, Contact.class));
  }

  /** {@code PATCH /contacts/{uuid}}: changes the fields given; the same change sent twice is harmless. */
  public Mono<Contact> update(String contactUriOrUuid, ContactFields changes) {
    return Mono.fromCallable(() -> {
          String uuid = CalendlyIds.uuid(contactUriOrUuid, "contact");
          if (changes == null || changes.isEmpty()) {
            throw Arguments.invalid("contact", "must change at least one field");
          }
          check(changes);
          return uuid;
        })
        .flatMap(uuid -> rest.resource(Endpoint.UPDATE_CONTACT, List.of(uuid), changes, Contact.class));
  }

  /**
   * {@code DELETE /contacts/{uuid}}: removes the contact (Calendly allows 20 deletions a minute per
   * user since 2026-10-29). Its meetings stay.
   */
  public Mono<Void> delete(String contactUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(contactUriOrUuid, "contact"))
        .flatMap(uuid -> rest.noContent(Endpoint.DELETE_CONTACT, List.of(uuid), null));
  }

  private static ContactFields check(ContactFields contact) {
    if (contact.name() != null) {
      Arguments.text(contact.name(), "name");
    }
    if (contact.emails() != null) {
      if (contact.emails().size() > MAX_EMAILS) {
        throw Arguments.invalid("emails", "may list at most " + MAX_EMAILS + " addresses");
      }
      for (Contact.Email email : contact.emails()) {
        Arguments.email(email == null ? null : email.email(), "emails");
      }
    }
    if (contact.phoneNumbers() != null && contact.phoneNumbers().size() > MAX_EMAILS) {
      throw Arguments.invalid("phone_numbers", "may list at most " + MAX_EMAILS + " numbers");
    }
    if (contact.timezone() != null) {
      Arguments.timezone(contact.timezone(), "timezone");
    }
    if (contact.customFields() != null) {
      for (CustomFieldValue field : contact.customFields()) {
        if (field == null || field.uuid() == null || field.uuid().isBlank()) {
          throw Arguments.invalid("custom_fields", "each needs the uuid of its field definition");
        }
      }
    }
    return contact;
  }
}
