package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.ContactsApi;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.ContactList;
import dev.calendlymcp.calendly.model.CustomFieldDefinition;
import dev.calendlymcp.calendly.model.ListMembershipResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code contacts} toolset's writes beyond single contacts: making and renaming Lists, putting
 * people on a List or taking them off, and creating custom fields (Calendly's 2026-11-17 Contacts
 * release). People are named by email or URI; each email costs one lookup, so a call takes at most
 * {@value #MAX_PEOPLE} of them.
 */
public final class ContactListTools {

  static final int MAX_PEOPLE = 50;
  private static final int LOOKUPS_AT_ONCE = 4;
  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final String SCOPES = "Changing Lists and custom fields needs the contacts:write scope; tell the user.";

  private ContactListTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(saveContactList(), changeListMembers(), createCustomField());
  }

  private static Schema people(String description) {
    return Schema.array(Schema.string().minLength(3).maxLength(Lookups.MAX_REFERENCE))
        .minItems(1).maxItems(MAX_PEOPLE).description(description);
  }

  private static Schema notChangedSchema() {
    return Schema.array(Schema.object()
            .field("contact", Schema.string())
            .field("reason", Schema.string()))
        .description("People left as they were, and why; failed ones can be sent again.");
  }

  static ToolDefinition saveContactList() {
    return ToolDefinition.builder("save_contact_list")
        .title("Create or rename a contact List")
        .description(
            "Create a List of your Calendly Contacts, optionally with people (emails or URIs), or rename"
                + " a List or View by passing list. Creating is not repeated after a failure: check"
                + " find_contact's lists first. To change who is on a List use change_list_members.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("name", Schema.string().minLength(1).maxLength(ContactsApi.MAX_LIST_NAME)
                .description("The new List's name, or the new name."))
            .optional("list", Lookups.reference("The List or View to rename: name, URI or UUID. Leave out to create."))
            .optional("contacts", people("People to put on a new List: emails or contact URIs."))
            .closed())
        .output(Schema.object()
            .required("created", Schema.bool().description("true: a new List; false: a rename."))
            .required("list", ContactTools.listSchema())
            .field("not_added", notChangedSchema()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          String name = arguments.requiredString("name");
          List<String> contacts = arguments.stringList("contacts");
          Mono<ToolResult> result = arguments.string("list")
              .map(reference -> {
                if (!contacts.isEmpty()) {
                  throw new ToolFailure("contacts go only with a new List; use change_list_members to add people.");
                }
                return findList(client, reference)
                    .flatMap(list -> client.contacts().renameList(list.uri().toString(), name))
                    .map(list -> new ToolResult(Map.of("created", false, "list", ContactTools.list(list)),
                        "Renamed the " + kind(list) + " to " + list.name() + ": " + list.uri()));
              })
              .orElseGet(() -> resolve(client, contacts).flatMap(people -> client.contacts()
                  .createList(name, people.uris())
                  .map(created -> {
                    Change added = Change.of(created.membershipResult(), people);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("created", true);
                    out.put("list", ContactTools.list(created.resource()));
                    out.put("not_added", added.notChanged());
                    return new ToolResult(out, "Created the List " + created.resource().name() + " with "
                        + added.count() + " of " + contacts.size() + " people: " + created.resource().uri()
                        + (added.notChanged().isEmpty() ? "" : "\nNot added: " + summary(added.notChanged())));
                  })));
          return result.transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  static ToolDefinition changeListMembers() {
    return ToolDefinition.builder("change_list_members")
        .title("Add or remove people on a List")
        .description(
            "Put people (emails or contact URIs) on one of your Lists, or take them off it; they stay in"
                + " your Contacts. Safe to repeat. Only Lists: a View's saved filters decide who is in it.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("list", Lookups.reference("The List: its name, URI or UUID."))
            .optional("add", people("People to put on the List."))
            .optional("remove", people("People to take off the List."))
            .closed())
        .output(Schema.object()
            .required("list", Schema.string().description("The List's URI."))
            .required("added", Schema.integer().description("People now on the List, including those already on it."))
            .required("removed", Schema.integer().description("People now off the List."))
            .field("not_changed", notChangedSchema()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          List<String> add = arguments.stringList("add");
          List<String> remove = arguments.stringList("remove");
          if (add.isEmpty() && remove.isEmpty()) {
            throw new ToolFailure("Pass add, remove or both: the people to put on or take off the List.");
          }
          return findList(client, arguments.requiredString("list"))
              .flatMap(list -> {
                if (!"static_list".equals(list.type())) {
                  throw new ToolFailure("'" + list.name() + "' is a View: its filters decide who is in it."
                      + " Use a List (find_contact shows your Lists).");
                }
                String uri = list.uri().toString();
                Mono<Change> added = change(client, add, uris -> client.contacts().addToList(uri, uris));
                Mono<Change> removed = change(client, remove, uris -> client.contacts().removeFromList(uri, uris));
                return added.zipWith(removed).map(both -> {
                  List<Map<String, Object>> notChanged = new ArrayList<>(both.getT1().notChanged());
                  notChanged.addAll(both.getT2().notChanged());
                  Map<String, Object> out = new LinkedHashMap<>();
                  out.put("list", uri);
                  out.put("added", both.getT1().count());
                  out.put("removed", both.getT2().count());
                  out.put("not_changed", notChanged);
                  return new ToolResult(out, "List " + list.name() + ": " + both.getT1().count() + " on, "
                      + both.getT2().count() + " taken off." + (notChanged.isEmpty() ? ""
                          : "\nNot changed: " + summary(notChanged)));
                });
              })
              .transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  static ToolDefinition createCustomField() {
    return ToolDefinition.builder("create_custom_field")
        .title("Create a contact custom field")
        .description(
            "Create a custom field your organization's contacts can carry: text, number, currency (with"
                + " its code), tags, date, or single_select (with 1-10 options). Labels are unique ignoring"
                + " case; Calendly may allow only admins.")
        .toolset(Toolset.CONTACTS)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("label", Schema.string().minLength(1).maxLength(255).description("The field's name."))
            .required("type", Schema.string().enumOf("text", "number", "currency", "tags", "date", "single_select")
                .description("What values the field holds."))
            .optional("options", Schema.array(Schema.string().minLength(1).maxLength(255))
                .minItems(1).maxItems(ContactsApi.MAX_FIELD_OPTIONS).description("The choices of a single_select field."))
            .optional("currency", Schema.string().minLength(3).maxLength(3)
                .description("ISO 4217 code of a currency field, e.g. USD."))
            .closed())
        .output(Schema.object()
            .required("uri", Schema.string())
            .required("label", Schema.string())
            .required("type", Schema.string())
            .field("options", Schema.array(Schema.object()
                .field("uuid", Schema.string())
                .field("label", Schema.string())))
            .field("currency", Schema.string().nullable()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          List<String> options = arguments.stringList("options");
          return client.contacts().createCustomField(new ContactsApi.NewCustomField(
                  arguments.requiredString("label"), arguments.requiredString("type"),
                  arguments.string("currency").orElse(null),
                  options.isEmpty() ? null : options.stream().map(ContactsApi.OptionLabel::new).toList()))
              .map(ContactListTools::field)
              .transform(Lookups.onRefusal(SCOPES));
        })
        .build();
  }

  private static ToolResult field(CustomFieldDefinition field) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(field.uri()));
    out.put("label", field.label());
    out.put("type", field.fieldType());
    out.put("options", field.options().stream().map(o -> {
      Map<String, Object> option = new LinkedHashMap<>();
      option.put("uuid", o.uuid());
      option.put("label", o.label());
      return option;
    }).toList());
    out.put("currency", field.currency());
    return new ToolResult(out, "Created the " + field.fieldType() + " field " + field.label() + ": " + field.uri());
  }

  /** A List or View by URI or UUID (one read), or by name among the user's Lists. */
  private static Mono<ContactList> findList(CalendlyClient client, String reference) {
    String wanted = reference.strip();
    if (wanted.contains("/") || CANONICAL_UUID.matcher(wanted).matches()) {
      return client.contacts().getList(wanted);
    }
    String lower = wanted.toLowerCase(Locale.ROOT);
    return client.contacts().lists().map(page -> {
      List<ContactList> exact = page.collection().stream()
          .filter(l -> l.name() != null && l.name().strip().equalsIgnoreCase(wanted)).toList();
      List<ContactList> matches = exact.isEmpty() ? page.collection().stream()
          .filter(l -> l.name() != null && l.name().toLowerCase(Locale.ROOT).contains(lower)).toList() : exact;
      if (matches.size() != 1) {
        throw new ToolFailure((matches.isEmpty() ? "No List or View is named like '" + wanted + "'."
            : "Several Lists match '" + wanted + "'; pass its URI.") + " Your Lists and Views: "
            + String.join(", ", page.collection().stream().map(l -> l.name() + " " + l.uri()).toList()));
      }
      return matches.get(0);
    });
  }

  /** The people named: URIs as given, emails looked up; {@code unknown} holds emails nobody has. */
  private record People(List<URI> uris, Map<URI, String> asGiven, List<Map<String, Object>> unknown) {}

  private static Mono<People> resolve(CalendlyClient client, List<String> references) {
    return Flux.fromIterable(references)
        .flatMapSequential(reference -> lookUp(client, reference.strip()), LOOKUPS_AT_ONCE)
        .collectList()
        .map(found -> {
          List<URI> uris = new ArrayList<>();
          Map<URI, String> asGiven = new LinkedHashMap<>();
          List<Map<String, Object>> unknown = new ArrayList<>();
          for (Found one : found) {
            if (one.uri() == null) {
              unknown.add(Map.of("contact", one.reference(), "reason", one.problem()));
            } else if (!asGiven.containsKey(one.uri())) {
              uris.add(one.uri());
              asGiven.put(one.uri(), one.reference());
            }
          }
          return new People(uris, asGiven, unknown);
        });
  }

  private record Found(String reference, URI uri, String problem) {}

  private static Mono<Found> lookUp(CalendlyClient client, String reference) {
    if (!reference.contains("@")) {
      return Mono.fromCallable(() -> {
            URI uri = URI.create(reference);
            boolean contact = uri.isAbsolute() && uri.getPath() != null && uri.getPath().contains("/contacts/");
            return new Found(reference, contact ? uri : null, contact ? null : "neither an email nor a contact URI");
          })
          .onErrorResume(IllegalArgumentException.class,
              e -> Mono.just(new Found(reference, null, "neither an email nor a contact URI")));
    }
    return client.contacts().list(new ContactsApi.Query(reference, null, null, null), PageRequest.first(2))
        .map(page -> page.collection().size() == 1 ? new Found(reference, page.collection().get(0).uri(), null)
            : new Found(reference, null, page.collection().isEmpty()
                ? "no contact has this email" : "several contacts have this email; pass a URI"))
        .onErrorResume(IllegalArgumentException.class,
            e -> Mono.just(new Found(reference, null, "not a valid email address")));
  }

  private record Change(int count, List<Map<String, Object>> notChanged) {
    static final Change NONE = new Change(0, List.of());

    /** What one membership call did to {@code people}, with the emails nobody has as not changed. */
    static Change of(ListMembershipResult result, People people) {
      List<Map<String, Object>> notChanged = new ArrayList<>(people.unknown());
      notChanged.addAll(ContactListTools.notChanged(result, people));
      return new Change(result == null || result.succeeded() == null ? 0 : result.succeeded(), notChanged);
    }
  }

  /** Resolves {@code references} and makes one membership call with those found (none when nobody is). */
  private static Mono<Change> change(
      CalendlyClient client, List<String> references, Function<List<URI>, Mono<ListMembershipResult>> call) {
    if (references.isEmpty()) {
      return Mono.just(Change.NONE);
    }
    return resolve(client, references).flatMap(people -> people.uris().isEmpty()
        ? Mono.just(new Change(0, people.unknown()))
        : call.apply(people.uris()).map(result -> Change.of(result, people)));
  }

  private static List<Map<String, Object>> notChanged(ListMembershipResult result, People people) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (result == null) {
      return out;
    }
    result.invalidContacts().forEach(uri -> out.add(Map.of(
        "contact", people.asGiven().getOrDefault(uri, uri.toString()), "reason", "not one of your contacts")));
    result.failedContacts().forEach(uri -> out.add(Map.of(
        "contact", people.asGiven().getOrDefault(uri, uri.toString()), "reason", "failed; send again")));
    return out;
  }

  private static String summary(List<Map<String, Object>> people) {
    return String.join("; ", people.stream().map(p -> p.get("contact") + " (" + p.get("reason") + ")").toList());
  }

  private static String kind(ContactList list) {
    return "dynamic_view".equals(list.type()) ? "View" : "List";
  }
}
