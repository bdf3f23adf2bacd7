package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.ContactsApi;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.Contact;
import dev.calendlymcp.calendly.model.ContactList;
import dev.calendlymcp.calendly.model.ContactNote;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code contacts} toolset: finding a person in the user's Calendly Contacts (by email, name
 * or company, or in one of their Lists) with the user's private notes about them, and adding a
 * note. Contacts are on every plan since Calendly's 2026-11-19 release.
 */
public final class ContactTools {

  private static final String SCOPES =
      "Contacts need the contacts:read scope (contacts:write to add notes or change contacts); tell the user.";

  private ContactTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(findContact(), addContactNote(), saveContact(), deleteContact());
  }

  static ToolDefinition findContact() {
    return ToolDefinition.builder("find_contact")
        .title("Find a contact")
        .description(
            "Find people in your Calendly Contacts by email, name or company, or everyone in one of"
                + " your Lists; when one person matches, your private notes about them come too."
                + " Without arguments: recent contacts and your Lists.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("query", Schema.string().minLength(1).maxLength(200)
                .description("An email address (exact), or part of a name or company."))
            .optional("list", Lookups.reference("A List or View: its name, URI or UUID."))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .field("contacts", Schema.array(contactSchema()))
            .field("notes", Schema.array(noteSchema()).description("Your notes, when exactly one contact matched."))
            .field("lists", Schema.array(listSchema()))
            .field("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          Optional<String> query = arguments.string("query").map(String::strip);
          Optional<String> list = arguments.string("list");
          PageRequest page = Lookups.page(arguments);
          Mono<ToolResult> result = list.isEmpty() && query.isEmpty()
              ? client.contacts().list(null, page).zipWith(client.contacts().lists())
                  .map(both -> answer(both.getT1(), List.of(), both.getT2().collection()))
              : resolveList(client, list).flatMap(chosen -> chosen.list() == null && list.isPresent()
                  ? Mono.just(answer(new Page<>(List.of(), null), List.of(), chosen.lists()))
                  : search(client, query, chosen.list(), page));
          return result.transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  private record ListChoice(URI list, List<ContactList> lists) {}

  private static Mono<ListChoice> resolveList(CalendlyClient client, Optional<String> wanted) {
    if (wanted.isEmpty()) {
      return Mono.just(new ListChoice(null, List.of()));
    }
    return client.contacts().lists().map(page -> {
      String name = wanted.get().strip().toLowerCase(Locale.ROOT);
      List<ContactList> matches = page.collection().stream()
          .filter(l -> l.uri().toString().equals(wanted.get().strip()) || l.uri().toString().endsWith("/" + wanted.get().strip())
              || l.name() != null && l.name().toLowerCase(Locale.ROOT).contains(name))
          .toList();
      return new ListChoice(matches.size() == 1 ? matches.get(0).uri() : null, page.collection());
    });
  }

  private static Mono<ToolResult> search(CalendlyClient client, Optional<String> query, URI list, PageRequest page) {
    String text = query.orElse(null);
    if (text != null && text.contains("@")) {
      return withNotes(client, client.contacts().list(new ContactsApi.Query(text, null, null, list), page));
    }
    // A name first; when nobody's name matches, the text is tried as a company.
    return client.contacts().list(new ContactsApi.Query(null, text, null, list), page)
        .flatMap(byName -> byName.collection().isEmpty() && text != null
            ? client.contacts().list(new ContactsApi.Query(null, null, text, list), page)
            : Mono.just(byName))
        .as(found -> withNotes(client, found));
  }

  private static Mono<ToolResult> withNotes(CalendlyClient client, Mono<Page<Contact>> found) {
    return found.flatMap(page -> page.collection().size() != 1
        ? Mono.just(answer(page, List.of(), null))
        : client.contacts().notes(List.of(page.collection().get(0).uri()), PageRequest.first(20))
            .map(notes -> answer(page, notes.collection(), null)));
  }

  private static ToolResult answer(Page<Contact> page, List<ContactNote> notes, List<ContactList> lists) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("contacts", page.collection().stream().map(ContactTools::contact).toList());
    out.put("notes", notes.stream().map(ContactTools::note).toList());
    if (lists != null) {
      out.put("lists", lists.stream().map(ContactTools::list).toList());
    }
    out.put("next_cursor", page.nextPageToken().orElse(null));
    StringBuilder text = new StringBuilder(page.collection().isEmpty() ? "No contact matches."
        : page.collection().size() + (page.collection().size() == 1 ? " contact:" : " contacts:"));
    for (Contact contact : page.collection()) {
      text.append("\n- ").append(contact.name()).append(" <").append(contact.primaryEmail()).append(">")
          .append(contact.company() == null ? "" : ", " + contact.company()).append(" ").append(contact.uri());
    }
    for (ContactNote note : notes) {
      text.append("\nNote ").append(note.updatedAt()).append(": ")
          .append(note.title() == null ? "" : note.title() + " - ").append(note.body() == null ? "" : note.body());
    }
    if (lists != null && !lists.isEmpty()) {
      text.append("\nYour Lists: ").append(String.join(", ", lists.stream().map(ContactList::name).toList()));
    }
    page.nextPageToken().ifPresent(t -> text.append("\nMore contacts: pass next_cursor as cursor."));
    return new ToolResult(out, text.toString());
  }

  static ToolDefinition addContactNote() {
    return ToolDefinition.builder("add_contact_note")
        .title("Add a note to a contact")
        .description(
            "Write a private note about a contact (by email or URI from find_contact), optionally with"
                + " a reminder. Only you see it. Each call adds a note, so after a failure check with"
                + " find_contact before trying again.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("contact", Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE)
                .description("The contact's email address or URI."))
            .optional("title", Schema.string().maxLength(255).description("A short title."))
            .optional("body", Schema.string().maxLength(10_000).description("The note; title or body is required."))
            .optional("remind_at", Schema.string().format(Schema.DATE_TIME).maxLength(40)
                .description("When to remind you, e.g. 2026-11-01T13:00:00Z."))
            .closed())
        .output(noteSchema())
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          String reference = arguments.requiredString("contact").strip();
          Instant remindAt = arguments.instant("remind_at").orElse(null);
          return contactUri(client, reference)
              .flatMap(contact -> client.contacts().createNote(new ContactsApi.NewNote(
                  contact, arguments.string("title").orElse(null), arguments.string("body").orElse(null), remindAt)))
              .map(note -> new ToolResult(note(note), "Added a note to " + reference + ": " + note.uri()))
              .transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  static ToolDefinition saveContact() {
    return ToolDefinition.builder("save_contact")
        .title("Add or update a contact")
        .description(
            "Add a person to your Calendly Contacts, or update one: pass contact (email or URI from"
                + " find_contact) to change that person's details, or leave it out to add someone new with"
                + " name and email. Only the fields given change. Adding is not repeated after a failure:"
                + " check with find_contact first.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .optional("contact", Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE)
                .description("The contact to update: email address or URI. Leave out to add one."))
            .optional("name", Schema.string().minLength(1).maxLength(255).description("Full name; required to add."))
            .optional("email", Schema.string().minLength(3).maxLength(254)
                .description("Primary email; required to add. On update it replaces every address."))
            .optional("phone", Schema.string().minLength(1).maxLength(40).description("Phone number."))
            .optional("company", Schema.string().minLength(1).maxLength(255).description("Company."))
            .optional("job_title", Schema.string().minLength(1).maxLength(255).description("Job title."))
            .optional("timezone", Schema.string().minLength(1).maxLength(64).description("IANA time zone."))
            .closed())
        .output(Schema.object()
            .required("created", Schema.bool().description("true: a new contact; false: an update."))
            .required("contact", contactSchema()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          Optional<String> reference = arguments.string("contact").map(String::strip);
          ContactsApi.ContactFields fields = new ContactsApi.ContactFields(
              arguments.string("name").orElse(null),
              arguments.string("email").map(e -> List.of(new Contact.Email(e.strip(), true))).orElse(null),
              arguments.string("phone").map(p -> List.of(new Contact.Phone(p.strip(), true))).orElse(null),
              arguments.string("timezone").orElse(null), arguments.string("job_title").orElse(null),
              arguments.string("company").orElse(null), null, null, null, null, null);
          Mono<ToolResult> result = reference.isEmpty()
              ? client.contacts().create(fields).map(c -> saved(c, true))
              : contactUri(client, reference.get())
                  .flatMap(uri -> client.contacts().update(uri.toString(), fields))
                  .map(c -> saved(c, false));
          return result.transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  private static ToolResult saved(Contact contact, boolean created) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("created", created);
    out.put("contact", contact(contact));
    return new ToolResult(out, (created ? "Added " : "Updated ") + contact.name() + " <" + contact.primaryEmail()
        + "> " + contact.uri());
  }

  static ToolDefinition deleteContact() {
    return ToolDefinition.builder("delete_contact")
        .title("Delete a contact")
        .description(
            "Delete a person from your Calendly Contacts (by email or URI from find_contact), with your"
                + " notes about them. Their meetings stay. It cannot be undone.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("contact", Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE)
                .description("The contact's email address or URI."))
            .closed())
        .output(Schema.object()
            .required("deleted", Schema.string().description("The URI of the contact deleted.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return contactUri(client, arguments.requiredString("contact").strip())
              .flatMap(uri -> client.contacts().delete(uri.toString())
                  .then(Mono.fromSupplier(() -> new ToolResult(Map.of("deleted", uri.toString()),
                      "Deleted the contact " + uri + "."))))
              .transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  private static Mono<URI> contactUri(CalendlyClient client, String reference) {
    if (!reference.contains("@")) {
      return client.contacts().get(reference).map(Contact::uri);
    }
    return client.contacts().list(new ContactsApi.Query(reference, null, null, null), PageRequest.first(2))
        .map(page -> {
          if (page.collection().size() != 1) {
            throw new ToolFailure(page.collection().isEmpty()
                ? "No contact has that email address; check it with find_contact."
                : "Several contacts have that email address; pass the contact's URI from find_contact.");
          }
          return page.collection().get(0).uri();
        });
  }

  private static Schema contactSchema() {
    return Schema.object()
        .field("uri", Schema.string().description("Pass as contact to add_contact_note."))
        .field("name", Schema.string().nullable())
        .field("email", Schema.string().nullable())
        .field("phone", Schema.string().nullable())
        .field("company", Schema.string().nullable())
        .field("job_title", Schema.string().nullable())
        .field("timezone", Schema.string().nullable())
        .field("custom_fields", Schema.array(Schema.object()
            .field("label", Schema.string().nullable())
            .field("value", Schema.string().nullable())));
  }

  private static Map<String, Object> contact(Contact contact) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(contact.uri()));
    out.put("name", contact.name());
    out.put("email", contact.primaryEmail());
    out.put("phone", contact.phoneNumbers().isEmpty() ? null : contact.phoneNumbers().get(0).phoneNumber());
    out.put("company", contact.company());
    out.put("job_title", contact.jobTitle());
    out.put("timezone", contact.timezone());
    out.put("custom_fields", contact.customFields().stream().map(field -> {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("label", field.label());
      value.put("value", field.value() == null || field.value().isNull() ? null
          : field.value().isString() ? field.value().stringValue() : field.value().toString());
      return value;
    }).toList());
    return out;
  }

  private static Schema noteSchema() {
    return Schema.object()
        .field("uri", Schema.string())
        .field("contact", Schema.string().nullable())
        .field("title", Schema.string().nullable())
        .field("body", Schema.string().nullable())
        .field("remind_at", Schema.string().nullable())
        .field("updated_at", Schema.string().nullable());
  }

  private static Map<String, Object> note(ContactNote note) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(note.uri()));
    out.put("contact", Lookups.text(note.contact()));
    out.put("title", note.title());
    out.put("body", note.body());
    out.put("remind_at", Lookups.text(note.remindAt()));
    out.put("updated_at", Lookups.text(note.updatedAt()));
    return out;
  }

  /** A List or View as the contacts tools return it; {@link #list} fills it. */
  static Schema listSchema() {
    return Schema.object()
        .field("uri", Schema.string())
        .field("name", Schema.string().nullable())
        .field("type", Schema.string().nullable().description("static_list (a List) or dynamic_view (a View)."))
        .field("contact_count", Schema.integer().nullable());
  }

  static Map<String, Object> list(ContactList list) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(list.uri()));
    out.put("name", list.name());
    out.put("type", list.type());
    out.put("contact_count", list.contactCount());
    return out;
  }
}
