package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.http.Times;
import dev.calendlymcp.sandbox.model.ExtraStore;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Contacts, the user's Lists, custom field definitions and notes. Contacts, Lists and notes
 * belong to one user: another user's are a 404, as Calendly answers without saying whether they
 * exist. On every plan since Calendly's 2026-11-19 release, which is newer than the reference
 * pages' "requires the Contacts API on your plan".
 */
public final class ContactsApi {

  private static final int MAX_NOTE_CONTACTS = 10;
  private static final int MAX_LISTS = 25;
  private static final int MAX_LIST_MEMBERS = 500;
  private static final int MAX_FIELD_OPTIONS = 10;
  private static final List<String> CREATABLE_FIELD_TYPES =
      List.of("text", "number", "currency", "tags", "date", "single_select");
  private static final Set<String> NEW_FIELD_FIELDS = Set.of("label", "field_type", "currency", "options");
  private static final Set<String> NOTE_PARAMETERS = Set.of("contact", "count", "page_token");

  private static final int MAX_ADDRESSES = 10;
  private static final int MAX_TEXT = 255;
  private static final Set<String> CONTACT_FIELDS = Set.of(
      "name", "emails", "phone_numbers", "timezone", "job_title", "company", "country", "state", "city", "linkedin",
      "custom_fields");
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@.]+");

  private final ApiContext context;
  private final ExtraStore extras;
  private final ResourceWebhooks webhooks;

  public ContactsApi(ApiContext context, ExtraStore extras) {
    this.context = context;
    this.extras = extras;
    this.webhooks = new ResourceWebhooks(context);
  }

  /** Registers the routes; the custom field paths come before {@code /contacts/{uuid}}. */
  public void register(Router router) {
    router.read("GET", "/contacts", "contacts:read", this::listContacts);
    router.read("GET", "/contacts/custom_field_definitions", "contacts:read", this::listCustomFields);
    router.read("GET", "/contacts/custom_field_definitions/{uuid}", "contacts:read", this::getCustomField);
    router.write("POST", "/contacts/custom_field_definitions", "contacts:write", this::createCustomField);
    router.read("GET", "/contacts/{uuid}", "contacts:read", this::getContact);
    router.write("POST", "/contacts", "contacts:write", this::createContact);
    router.write("PATCH", "/contacts/{uuid}", "contacts:write", this::updateContact);
    router.write("DELETE", "/contacts/{uuid}", "contacts:write", this::deleteContact);
    router.read("GET", "/contact_lists", "contacts:read", this::listLists);
    router.read("GET", "/contact_lists/{uuid}", "contacts:read", this::getList);
    router.write("POST", "/contact_lists", "contacts:write", this::createList);
    router.write("PATCH", "/contact_lists/{uuid}", "contacts:write", this::renameList);
    router.write("POST", "/contact_lists/{uuid}/memberships", "contacts:write", r -> changeMembers(r, true));
    router.write("POST", "/contact_lists/{uuid}/memberships/removal", "contacts:write", r -> changeMembers(r, false));
    router.read("GET", "/notes", "contacts:read", this::listNotes);
    router.read("GET", "/notes/{uuid}", "contacts:read", this::getNote);
    router.write("POST", "/notes", "contacts:write", this::createNote);
  }

  private ApiResponse listContacts(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String email = params.string("email");
    String name = params.string("name");
    String company = params.string("company");
    String list = params.uri("contact_list", "contact_lists");
    Pagination.Sort<ExtraStore.Contact> sort = Pagination.sort(params, "created_at:asc",
        Map.<String, Function<ExtraStore.Contact, Object>>of(
            "created_at", c -> Pagination.instantKey(c.createdAt()),
            "updated_at", c -> Pagination.instantKey(c.updatedAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    List<String> members = null;
    if (list != null) {
      members = members(extras.contactList(list).filter(l -> l.ownerUuid().equals(caller.userUuid()))
          .orElseThrow(ApiException::notFound));
    }
    List<String> inList = members;
    List<ExtraStore.Contact> found = extras.contactsOf(caller.userUuid()).stream()
        .filter(c -> email == null || anyEquals(email, c.email())
            || c.otherEmails().stream().anyMatch(other -> anyEquals(email, other)))
        .filter(c -> name == null || anyContains(name, c.name()))
        .filter(c -> company == null || anyContains(company, c.company()))
        .filter(c -> inList == null || inList.contains(c.uuid()))
        .toList();
    return Pagination.page(request, context.uris().base(), found, sort, ExtraStore.Contact::uuid, page, this::contact);
  }

  // Calendly's filters take comma-separated lists: exact for email, partial for name and company.
  private static boolean anyEquals(String filter, String value) {
    return value != null && Arrays.stream(filter.split(",")).map(String::strip)
        .anyMatch(part -> part.equalsIgnoreCase(value));
  }

  private static boolean anyContains(String filter, String value) {
    String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
    return value != null && Arrays.stream(filter.split(",")).map(p -> p.strip().toLowerCase(Locale.ROOT))
        .anyMatch(part -> !part.isEmpty() && lower.contains(part));
  }

  private ApiResponse getContact(ApiRequest request) {
    return ApiResponse.resource(contact(ownContact(request.caller(), request.pathVariable("uuid"))));
  }

  private ExtraStore.Contact ownContact(Caller caller, String uuid) {
    return extras.contact(uuid).filter(c -> c.ownerUuid().equals(caller.userUuid()))
        .orElseThrow(ApiException::notFound);
  }

  private ApiResponse createContact(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    unknownFields(request, body);
    if (!body.has("name")) {
      body.problems().add("name", "is required");
    }
    if (!body.has("emails")) {
      body.problems().add("emails", "is required");
    }
    Fields fields = fields(body, caller);
    body.problems().throwIfAny();
    Instant now = context.now();
    ExtraStore.Contact contact = fields.applyTo(new ExtraStore.Contact(
        context.ids().uuid(), caller.userUuid(), null, null, null, null, null, null, null, null, now, now,
        List.of(), List.of(), null, null, Map.of()), now);
    extras.putContact(contact);
    ObjectNode view = contact(contact);
    webhooks.queue(request, "contact.created", caller.organizationUuid(), caller.userUuid(), caller.userUuid(),
        view.deepCopy());
    return ApiResponse.resource(201, view);
  }

  private ApiResponse updateContact(ApiRequest request) {
    Caller caller = request.caller();
    ExtraStore.Contact current = ownContact(caller, request.pathVariable("uuid"));
    Body body = context.body(request);
    unknownFields(request, body);
    JsonNode raw = request.jsonBody();
    if (raw == null || !raw.isObject() || raw.isEmpty()) {
      body.problems().add("name", "or another contact field is required");
    }
    if (body.has("emails") && body.raw("emails").isEmpty()) {
      body.problems().add("emails", "must keep at least one address");
    }
    Fields fields = fields(body, caller);
    body.problems().throwIfAny();
    ExtraStore.Contact changed = fields.applyTo(current, context.now());
    extras.putContact(changed);
    ObjectNode view = contact(changed);
    webhooks.queue(request, "contact.updated", caller.organizationUuid(), caller.userUuid(), caller.userUuid(),
        view.deepCopy());
    return ApiResponse.resource(view);
  }

  private ApiResponse deleteContact(ApiRequest request) {
    Caller caller = request.caller();
    ExtraStore.Contact contact = ownContact(caller, request.pathVariable("uuid"));
    extras.removeContact(contact.uuid());
    webhooks.queue(request, "contact.deleted", caller.organizationUuid(), caller.userUuid(), caller.userUuid(),
        webhooks.tombstone(context.uris().base() + "/contacts/" + contact.uuid()));
    return ApiResponse.noContent();
  }

  // Calendly rejects unknown top-level properties of a contact body.
  private static void unknownFields(ApiRequest request, Body body) {
    JsonNode raw = request.jsonBody();
    if (raw != null && raw.isObject()) {
      for (String field : raw.propertyNames()) {
        if (!CONTACT_FIELDS.contains(field)) {
          body.problems().add(field, "is not a field of a contact");
        }
      }
    }
  }

  /** The fields a body sets; absent ones (null) are left as they are. */
  private record Fields(
      String name, List<String> emails, List<String> phones, String timezone, String jobTitle, String company,
      String country, String state, String city, String linkedin, Map<String, JsonNode> customFields) {

    ExtraStore.Contact applyTo(ExtraStore.Contact c, Instant now) {
      Map<String, JsonNode> custom = new LinkedHashMap<>(c.customFields());
      if (customFields != null) {
        custom.putAll(customFields);
      }
      return new ExtraStore.Contact(
          c.uuid(), c.ownerUuid(), or(name, c.name()), emails == null ? c.email() : emails.get(0),
          phones == null ? c.phone() : phones.isEmpty() ? null : phones.get(0), or(company, c.company()),
          or(jobTitle, c.jobTitle()), or(timezone, c.timezone()), or(city, c.city()), or(country, c.country()),
          c.createdAt(), now,
          emails == null ? c.otherEmails() : emails.subList(1, emails.size()),
          phones == null ? c.otherPhones() : phones.isEmpty() ? List.of() : phones.subList(1, phones.size()),
          or(state, c.state()), or(linkedin, c.linkedin()), custom);
    }

    private static String or(String value, String current) {
      return value != null ? value : current;
    }
  }

  private Fields fields(Body body, Caller caller) {
    String name = body.has("name") ? body.requiredString("name", MAX_TEXT) : null;
    List<String> emails = addresses(body, "emails", "email", true);
    List<String> phones = addresses(body, "phone_numbers", "phone_number", false);
    String timezone = body.string("timezone", 64);
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        body.problems().add("timezone", "must be an IANA time zone, e.g. America/New_York");
      }
    }
    return new Fields(name, emails, phones, timezone, body.string("job_title", MAX_TEXT),
        body.string("company", MAX_TEXT), body.string("country", MAX_TEXT), body.string("state", MAX_TEXT),
        body.string("city", MAX_TEXT), body.string("linkedin", MAX_TEXT), customFields(body, caller));
  }

  /** The addresses of {@code field}, the primary one first. */
  private static List<String> addresses(Body body, String field, String key, boolean email) {
    List<JsonNode> items = body.array(field, MAX_ADDRESSES);
    if (items == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    int primaries = 0;
    for (int i = 0; i < items.size(); i++) {
      Body item = body.element(field, i, items.get(i));
      String value = item.requiredString(key, 320);
      if (value != null && email && !EMAIL.matcher(value.strip()).matches()) {
        body.problems().add(item.name(key), "must be an email address");
      }
      boolean primary = item.has("primary") && item.raw("primary").asBoolean(false);
      if (primary) {
        primaries++;
      }
      if (value != null) {
        values.add(primary ? 0 : values.size(), value.strip());
      }
    }
    if (primaries > 1) {
      body.problems().add(field, "may have only one primary entry");
    }
    return values;
  }

  private Map<String, JsonNode> customFields(Body body, Caller caller) {
    List<JsonNode> items = body.array("custom_fields", 100);
    if (items == null) {
      return null;
    }
    Map<String, ExtraStore.CustomFieldDefinition> known = new LinkedHashMap<>();
    extras.customFieldsOf(caller.organizationUuid()).forEach(f -> known.put(f.uuid(), f));
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Body item = body.element("custom_fields", i, items.get(i));
      String uuid = item.requiredString("uuid", 64);
      ExtraStore.CustomFieldDefinition definition = uuid == null ? null : known.get(uuid);
      if (uuid != null && definition == null) {
        body.problems().add(item.name("uuid"), "is not a custom field definition of your organization");
        continue;
      }
      JsonNode value = items.get(i).get("value");
      if (definition == null) {
        continue;
      }
      if (value == null || !fits(definition.fieldType(), value)) {
        body.problems().add(item.name("value"), "must be a value of the field's type, " + definition.fieldType());
        continue;
      }
      values.put(uuid, value.deepCopy());
    }
    return values;
  }

  private static boolean fits(String fieldType, JsonNode value) {
    if (value.isNull()) {
      return true;
    }
    return switch (fieldType) {
      case "number", "currency" -> value.isNumber();
      case "tags" -> value.isArray() && value.valueStream().allMatch(JsonNode::isString);
      case "date" -> value.isString() && value.stringValue().matches("\\d{4}-\\d{2}-\\d{2}");
      default -> value.isString();
    };
  }

  private ApiResponse listCustomFields(ApiRequest request) {
    Params params = context.params(request);
    Pagination.Sort<ExtraStore.CustomFieldDefinition> sort = Pagination.sort(params, "created_at:asc",
        Map.<String, Function<ExtraStore.CustomFieldDefinition, Object>>of(
            "created_at", f -> Pagination.instantKey(f.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    return Pagination.page(request, context.uris().base(), extras.customFieldsOf(request.caller().organizationUuid()),
        sort, ExtraStore.CustomFieldDefinition::uuid, page, this::customField);
  }

  private ObjectNode customField(ExtraStore.CustomFieldDefinition field) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/contacts/custom_field_definitions/" + field.uuid());
    node.put("label", field.label());
    node.put("field_type", field.fieldType());
    if (field.fieldType().equals("single_select")) {
      ArrayNode options = node.putArray("options");
      field.options().forEach(o -> options.addObject().put("uuid", o.uuid()).put("label", o.label()).put("color", o.color()));
    }
    if (field.currency() != null) {
      node.put("currency", field.currency());
    }
    node.put("created_at", Json.timestamp(field.createdAt()));
    node.put("updated_at", Json.timestamp(field.createdAt()));
    return node;
  }

  // Another organization's definition is a 404, as for every resource of another organization.
  private ApiResponse getCustomField(ApiRequest request) {
    return ApiResponse.resource(customField(extras.customField(request.pathVariable("uuid"))
        .filter(f -> f.organizationUuid().equals(request.caller().organizationUuid()))
        .orElseThrow(ApiException::notFound)));
  }

  /**
   * Calendly: "The caller must have permission to create custom fields"; the definitions are the
   * organization's, so the sandbox gives that permission to admins and owners. Labels are unique
   * ignoring case; options take only a label and get their UUID here.
   */
  private ApiResponse createCustomField(ApiRequest request) {
    Caller caller = request.caller();
    Access.requireAdmin(caller);
    Body body = context.body(request);
    JsonNode raw = request.jsonBody();
    if (raw != null && raw.isObject()) {
      for (String field : raw.propertyNames()) {
        if (!NEW_FIELD_FIELDS.contains(field)) {
          body.problems().add(field, "is not accepted; send only label, field_type and what the type needs");
        }
      }
    }
    String label = trimmed(body.requiredString("label", 10_000));
    if (label != null && label.length() > MAX_TEXT) {
      body.problems().add("label", "must have 1 to " + MAX_TEXT + " characters");
    }
    String type = body.requiredString("field_type", 64);
    if (type != null && !CREATABLE_FIELD_TYPES.contains(type)) {
      body.problems().add("field_type", "must be one of " + String.join(", ", CREATABLE_FIELD_TYPES));
    }
    String currency = body.string("currency", 16);
    if ("currency".equals(type)) {
      if (currency == null || !currency.strip().matches("[A-Za-z]{3}")) {
        body.problems().add("currency", "is required for a currency field: a 3-letter ISO 4217 code, e.g. USD");
      }
    } else if (body.has("currency")) {
      body.problems().add("currency", "is only for currency fields");
    }
    List<ExtraStore.Option> options = new ArrayList<>();
    List<JsonNode> items = body.array("options", 1_000);
    if ("single_select".equals(type)) {
      if (items == null || items.isEmpty() || items.size() > MAX_FIELD_OPTIONS) {
        body.problems().add("options", "Supply 1 to " + MAX_FIELD_OPTIONS + " label-only options for a single_select field.");
      } else {
        for (int i = 0; i < items.size(); i++) {
          Body option = body.element("options", i, items.get(i));
          if (!items.get(i).isObject() || items.get(i).size() != 1 || !items.get(i).has("label")) {
            body.problems().add("options", "Supply 1 to " + MAX_FIELD_OPTIONS + " label-only options for a single_select field.");
            break;
          }
          String text = trimmed(option.requiredString("label", MAX_TEXT));
          if (text != null) {
            options.add(new ExtraStore.Option(context.ids().uuid(), text, null));
          }
        }
      }
    } else if (body.has("options")) {
      body.problems().add("options", "are only for single_select fields");
    }
    body.problems().throwIfAny();
    boolean taken = extras.customFieldsOf(caller.organizationUuid()).stream()
        .anyMatch(f -> f.label().equalsIgnoreCase(label));
    if (taken) {
      throw ApiException.alreadyExists("A custom field with this label already exists.");
    }
    ExtraStore.CustomFieldDefinition field = new ExtraStore.CustomFieldDefinition(
        context.ids().uuid(), caller.organizationUuid(), label, type, options,
        currency == null || !"currency".equals(type) ? null : currency.strip().toUpperCase(Locale.ROOT), context.now());
    extras.putCustomField(field);
    return ApiResponse.resource(201, customField(field));
  }

  // One response without pages: a user has at most 25 Lists and Views.
  private ApiResponse listLists(ApiRequest request) {
    Params params = context.params(request);
    String type = params.oneOf("type", List.of("static_list", "dynamic_view"));
    params.problems().throwIfAny();
    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    int count = 0;
    for (ExtraStore.ContactList list : extras.contactListsOf(request.caller().userUuid())) {
      if (type != null && !type.equals(list.type())) {
        continue;
      }
      collection.add(list(list));
      count++;
    }
    ObjectNode pagination = body.putObject("pagination");
    pagination.put("count", count);
    pagination.putNull("next_page");
    pagination.putNull("previous_page");
    pagination.putNull("next_page_token");
    pagination.putNull("previous_page_token");
    return ApiResponse.json(200, body);
  }

  /** The contacts in a List, or those a View's filters select (for All Contacts, every one). */
  private List<String> members(ExtraStore.ContactList list) {
    if (list.allContacts()) {
      return extras.contactsOf(list.ownerUuid()).stream().map(ExtraStore.Contact::uuid).toList();
    }
    return list.contactUuids();
  }

  // Since 2026-12-01 a View has a contact_count too.
  private ObjectNode list(ExtraStore.ContactList list) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/contact_lists/" + list.uuid());
    node.put("name", list.name());
    node.put("type", list.type());
    node.put("contact_count", members(list).size());
    node.put("created_at", Json.timestamp(list.createdAt()));
    node.put("updated_at", Json.timestamp(list.updatedAt()));
    return node;
  }

  private ExtraStore.ContactList ownList(Caller caller, String uuid) {
    return extras.contactList(uuid).filter(l -> l.ownerUuid().equals(caller.userUuid()))
        .orElseThrow(ApiException::notFound);
  }

  private ApiResponse getList(ApiRequest request) {
    return ApiResponse.resource(list(ownList(request.caller(), request.pathVariable("uuid"))));
  }

  // Calendly matches List names ignoring case, accents and surrounding spaces.
  private static String nameKey(String name) {
    return Normalizer.normalize(name.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }

  private void requireFreeListName(Caller caller, String name, String except) {
    boolean taken = extras.contactListsOf(caller.userUuid()).stream()
        .filter(l -> l.type().equals("static_list") && !l.uuid().equals(except))
        .anyMatch(l -> nameKey(l.name()).equals(nameKey(name)));
    if (taken) {
      throw ApiException.alreadyExists("A List with this name already exists.");
    }
  }

  private String listName(Body body) {
    String name = trimmed(body.requiredString("name", 10_000));
    if (name != null && name.length() > MAX_TEXT) {
      body.problems().add("name", "must have 1 to " + MAX_TEXT + " characters after surrounding spaces are removed");
    }
    return name;
  }

  private static void onlyFields(ApiRequest request, Body body, Set<String> allowed) {
    JsonNode raw = request.jsonBody();
    if (raw != null && raw.isObject()) {
      for (String field : raw.propertyNames()) {
        if (!allowed.contains(field)) {
          body.problems().add(field, "is not accepted by this endpoint");
        }
      }
    }
  }

  /** The contact UUIDs named by URI in {@code contacts}; null after a problem. */
  private List<String> contactUuids(Body body, boolean required) {
    List<String> texts = body.strings("contacts", MAX_LIST_MEMBERS);
    if (texts == null) {
      if (required && !body.problems().has("contacts")) {
        body.problems().add("contacts", "is required: 1 to " + MAX_LIST_MEMBERS + " contact URIs");
      }
      return required ? null : List.of();
    }
    if (required && texts.isEmpty()) {
      body.problems().add("contacts", "must list 1 to " + MAX_LIST_MEMBERS + " contact URIs");
      return null;
    }
    List<String> uuids = new ArrayList<>();
    for (String text : texts) {
      context.uris().uuidOf(text, "contacts").ifPresentOrElse(uuids::add,
          () -> body.problems().add("contacts", "must be contact URIs such as " + context.uris().base() + "/contacts/{uuid}"));
    }
    return uuids;
  }

  /** Creates a List, then adds its contacts (not atomically, as at Calendly). */
  private ApiResponse createList(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    onlyFields(request, body, Set.of("name", "contacts"));
    String name = listName(body);
    List<String> contacts = contactUuids(body, false);
    body.problems().throwIfAny();
    requireFreeListName(caller, name, null);
    // CSV-import Views are not listed but count too; the sandbox makes none.
    if (extras.contactListsOf(caller.userUuid()).size() >= MAX_LISTS) {
      throw ApiException.conflict("You have reached the limit of " + MAX_LISTS + " Lists and Views.");
    }
    Instant now = context.now();
    ExtraStore.ContactList list = new ExtraStore.ContactList(
        context.ids().uuid(), caller.userUuid(), name, "static_list", List.of(), now, now, false);
    extras.putContactList(list);
    Membership result = membership(caller, list, contacts, true, now);
    ObjectNode answer = Json.object();
    answer.set("resource", list(result.list()));
    answer.set("membership_result", result.view());
    return ApiResponse.json(201, answer);
  }

  private ApiResponse renameList(ApiRequest request) {
    Caller caller = request.caller();
    ExtraStore.ContactList current = ownList(caller, request.pathVariable("uuid"));
    Body body = context.body(request);
    onlyFields(request, body, Set.of("name"));
    String name = listName(body);
    body.problems().throwIfAny();
    if (current.allContacts()) {
      throw ApiException.conflict("The All Contacts View cannot be renamed.");
    }
    if (current.type().equals("static_list")) {
      requireFreeListName(caller, name, current.uuid());
    }
    ExtraStore.ContactList renamed = current.with(name, current.contactUuids(), context.now());
    extras.putContactList(renamed);
    return ApiResponse.resource(list(renamed));
  }

  private ApiResponse changeMembers(ApiRequest request, boolean add) {
    Caller caller = request.caller();
    ExtraStore.ContactList list = ownList(caller, request.pathVariable("uuid"));
    Body body = context.body(request);
    onlyFields(request, body, Set.of("contacts"));
    List<String> contacts = contactUuids(body, true);
    body.problems().throwIfAny();
    if (!list.type().equals("static_list")) {
      throw ApiException.conflict("A View's saved filters decide its contacts; add and remove contacts on a List.");
    }
    return ApiResponse.resource(membership(caller, list, contacts, add, context.now()).view());
  }

  private record Membership(ExtraStore.ContactList list, ObjectNode view) {}

  /**
   * Adds or removes contacts idempotently: a contact already on (or off) the List counts as done;
   * one that does not exist or is another user's is invalid and listed by URI.
   */
  private Membership membership(
      Caller caller, ExtraStore.ContactList list, List<String> contacts, boolean add, Instant now) {
    List<String> members = new ArrayList<>(list.contactUuids());
    List<String> invalid = new ArrayList<>();
    int succeeded = 0;
    for (String uuid : contacts) {
      boolean own = extras.contact(uuid).filter(c -> c.ownerUuid().equals(caller.userUuid())).isPresent();
      if (!own) {
        invalid.add(uuid);
        continue;
      }
      succeeded++;
      if (add && !members.contains(uuid)) {
        members.add(uuid);
      } else if (!add) {
        members.remove(uuid);
      }
    }
    ExtraStore.ContactList changed = list;
    if (!members.equals(list.contactUuids())) {
      changed = list.with(list.name(), members, now);
      extras.putContactList(changed);
    }
    ObjectNode view = Json.object();
    view.put("succeeded", succeeded);
    view.put("invalid", invalid.size());
    view.put("failed", 0);
    ArrayNode invalidUris = view.putArray("invalid_contacts");
    invalid.forEach(uuid -> invalidUris.add(context.uris().base() + "/contacts/" + uuid));
    view.putArray("failed_contacts");
    return new Membership(changed, view);
  }

  // Another user's note is a 404 that does not say whether it exists.
  private ApiResponse getNote(ApiRequest request) {
    return ApiResponse.resource(note(extras.note(request.pathVariable("uuid"))
        .filter(n -> n.authorUuid().equals(request.caller().userUuid()))
        .orElseThrow(ApiException::notFound)));
  }

  private ApiResponse listNotes(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    for (String name : request.query().asMap().keySet()) {
      if (!NOTE_PARAMETERS.contains(name)) {
        params.problems().add(name, "is not a parameter of this endpoint; use contact, count and page_token");
      }
    }
    String contactParam = params.string("contact");
    List<String> contactUuids = new ArrayList<>();
    if (contactParam == null) {
      params.problems().add("contact", "is required");
    } else {
      String[] parts = contactParam.split(",");
      if (parts.length > MAX_NOTE_CONTACTS) {
        params.problems().add("contact", "may list at most " + MAX_NOTE_CONTACTS + " contacts");
      }
      for (String part : parts) {
        context.uris().uuidOf(part.strip(), "contacts").ifPresentOrElse(contactUuids::add,
            () -> params.problems().add("contact", "must be contact URIs separated by commas"));
      }
    }
    Pagination.Sort<ExtraStore.Note> sort = Pagination.sort(params, "updated_at:desc",
        Map.<String, Function<ExtraStore.Note, Object>>of(
            "updated_at", n -> Pagination.instantKey(n.updatedAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    List<ExtraStore.Note> found = new ArrayList<>();
    for (String uuid : contactUuids) {
      ownContact(caller, uuid);
      extras.notesAbout(uuid).stream().filter(n -> n.authorUuid().equals(caller.userUuid())).forEach(found::add);
    }
    return Pagination.page(request, context.uris().base(), found, sort, ExtraStore.Note::uuid, page, this::note);
  }

  private ApiResponse createNote(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    String contact = body.requiredUri("contact", "contacts");
    String title = trimmed(body.string("title", 10_000));
    String text = trimmed(body.string("body", 20_000));
    Instant remindAt = null;
    String remind = body.string("remind_at", 64);
    if (remind != null) {
      remindAt = Times.parseInstant(remind).orElse(null);
      if (remindAt == null || !remind.contains("T")) {
        body.problems().add("remind_at", "must be an RFC 3339 date-time with seconds, e.g. 2026-11-01T13:00:00Z");
      }
    }
    if (title != null && title.length() > 255) {
      body.problems().add("title", "must be at most 255 characters");
    }
    if (text != null && text.length() > 10_000) {
      body.problems().add("body", "must be at most 10000 characters");
    }
    if (title == null && text == null && !body.problems().has("title") && !body.problems().has("body")) {
      body.problems().add("body", "or title must contain a character");
    }
    body.problems().throwIfAny();
    ExtraStore.Contact about = ownContact(caller, contact);
    Instant now = context.now();
    ExtraStore.Note note = new ExtraStore.Note(
        context.ids().uuid(), about.uuid(), caller.userUuid(), title, text, remindAt, now, now);
    extras.putNote(note);
    return ApiResponse.resource(201, note(note));
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  ObjectNode contact(ExtraStore.Contact contact) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/contacts/" + contact.uuid());
    node.put("name", contact.name());
    ArrayNode emails = node.putArray("emails");
    emails.addObject().put("email", contact.email()).put("primary", true);
    contact.otherEmails().forEach(e -> emails.addObject().put("email", e).put("primary", false));
    ArrayNode phones = node.putArray("phone_numbers");
    if (contact.phone() != null) {
      phones.addObject().put("phone_number", contact.phone()).put("primary", true);
    }
    contact.otherPhones().forEach(p -> phones.addObject().put("phone_number", p).put("primary", false));
    node.put("timezone", contact.timezone());
    node.put("job_title", contact.jobTitle());
    node.put("company", contact.company());
    node.put("country", contact.country());
    node.put("state", contact.state());
    node.put("city", contact.city());
    node.put("linkedin", contact.linkedin());
    ArrayNode custom = node.putArray("custom_fields");
    for (ExtraStore.CustomFieldDefinition field : extras.customFieldsOf(organizationOf(contact))) {
      JsonNode value = contact.customFields().get(field.uuid());
      if (value != null) {
        ObjectNode entry = custom.addObject();
        entry.put("uuid", field.uuid());
        entry.put("label", field.label());
        entry.put("field_type", field.fieldType());
        entry.set("value", value.deepCopy());
      }
    }
    node.put("created_at", Json.timestamp(contact.createdAt()));
    node.put("updated_at", Json.timestamp(contact.updatedAt()));
    return node;
  }

  private String organizationOf(ExtraStore.Contact contact) {
    return context.store().user(contact.ownerUuid()).map(u -> u.organizationUuid()).orElse("");
  }

  private ObjectNode note(ExtraStore.Note note) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/notes/" + note.uuid());
    node.put("contact", context.uris().base() + "/contacts/" + note.contactUuid());
    node.put("title", note.title());
    node.put("body", note.body());
    node.put("remind_at", note.remindAt() == null ? null : Json.timestamp(note.remindAt()));
    node.put("created_at", Json.timestamp(note.createdAt()));
    node.put("updated_at", Json.timestamp(note.updatedAt()));
    return node;
  }
}
