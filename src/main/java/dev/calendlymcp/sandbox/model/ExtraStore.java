package dev.calendlymcp.sandbox.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the API grew after the seeds' 28 endpoints: routing forms and submissions, groups, the
 * activity log, contacts with their lists and notes, custom field definitions and meeting recaps.
 * Kept apart from {@link SandboxStore} so that its core stays small; it is only touched by route
 * handlers and the seeder, which hold the {@link SandboxStore}'s lock, so it needs none of its own.
 */
public final class ExtraStore {

  /** One question of a routing form. */
  public record FormQuestion(String uuid, String name, String type, boolean required, List<String> answerChoices) {
    public FormQuestion {
      answerChoices = List.copyOf(answerChoices);
    }
  }

  /** A routing form of an organization. */
  public record RoutingForm(
      String uuid, String organizationUuid, String name, String status, List<FormQuestion> questions,
      Instant createdAt, Instant updatedAt) {
    public RoutingForm {
      questions = List.copyOf(questions);
    }
  }

  /** One answer in a submission. */
  public record Answer(String questionUuid, String question, String answer) {}

  /**
   * A routing form submission.
   *
   * @param eventTypeUuid the event type the visitor was routed to
   * @param inviteeUri the invitee the submission led to, or null when nobody booked
   */
  public record Submission(
      String uuid, String formUuid, List<Answer> answers, String eventTypeUuid, String inviteeUri,
      String utmSource, Instant createdAt) {
    public Submission {
      answers = List.copyOf(answers);
    }
  }

  public record Group(String uuid, String organizationUuid, String name, Instant createdAt) {}

  /** A membership's place in a group: {@code member} or {@code admin}. */
  public record GroupRelationship(
      String uuid, String groupUuid, String organizationUuid, String membershipUuid, String role, Instant createdAt) {}

  /** One activity log entry; {@code details} is rendered as given. */
  public record ActivityEntry(
      String uuid, String organizationUuid, Instant occurredAt, String namespace, String action,
      String actorUserUuid, JsonNode details) {}

  /**
   * A contact of one user: {@code email} and {@code phone} are the primary ones, the others follow;
   * {@code customFields} holds values by field definition UUID.
   */
  public record Contact(
      String uuid, String ownerUuid, String name, String email, String phone, String company, String jobTitle,
      String timezone, String city, String country, Instant createdAt, Instant updatedAt,
      List<String> otherEmails, List<String> otherPhones, String state, String linkedin,
      Map<String, JsonNode> customFields) {

    public Contact {
      otherEmails = List.copyOf(otherEmails);
      otherPhones = List.copyOf(otherPhones);
      customFields = Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }
  }

  /**
   * A List ({@code static_list}) of a user's contacts, or a View ({@code dynamic_view}).
   *
   * @param allContacts whether this is the user's default All Contacts View, which holds every
   *     contact of its owner and cannot be renamed; {@code contactUuids} is empty for it
   */
  public record ContactList(
      String uuid, String ownerUuid, String name, String type, List<String> contactUuids, Instant createdAt,
      Instant updatedAt, boolean allContacts) {
    public ContactList {
      contactUuids = List.copyOf(contactUuids);
    }

    public ContactList with(String newName, List<String> members, Instant now) {
      return new ContactList(uuid, ownerUuid, newName, type, members, createdAt, now, allContacts);
    }
  }

  /** A private note by {@code authorUuid} about a contact. */
  public record Note(
      String uuid, String contactUuid, String authorUuid, String title, String body, Instant remindAt,
      Instant createdAt, Instant updatedAt) {}

  /**
   * A custom field of an organization's contacts.
   *
   * @param options the choices of a {@code single_select} field; empty for other types
   * @param currency the ISO 4217 code of a {@code currency} field, or null
   */
  public record CustomFieldDefinition(
      String uuid, String organizationUuid, String label, String fieldType, List<Option> options, String currency,
      Instant createdAt) {
    public CustomFieldDefinition {
      options = List.copyOf(options);
    }
  }

  /** One choice of a {@code single_select} field; {@code color} may be null. */
  public record Option(String uuid, String label, String color) {}

  /**
   * A Notetaker recap of a meeting the owner hosted.
   *
   * @param eventUuid the scheduled event, or null for an external meeting
   * @param status {@code available}, {@code processing} or {@code unavailable}
   * @param transcript the plain-text transcript, or null while processing
   */
  public record Recap(
      String uuid, String ownerUuid, String organizationUuid, String eventUuid, String title, Instant start,
      Instant end, List<Attendee> attendees, String status, String summaryMd, String actionItemsMd,
      String discussionMd, String transcript, Instant createdAt, Instant updatedAt) {
    public Recap {
      attendees = List.copyOf(attendees);
    }

    public Recap withHighlights(String summary, String actions, String discussion, Instant now) {
      return new Recap(uuid, ownerUuid, organizationUuid, eventUuid, title, start, end, attendees, status,
          summary, actions, discussion, transcript, createdAt, now);
    }
  }

  public record Attendee(String name, String email) {}

  private final Map<String, RoutingForm> forms = new LinkedHashMap<>();
  private final Map<String, Submission> submissions = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, GroupRelationship> relationships = new LinkedHashMap<>();
  private final List<ActivityEntry> activity = new ArrayList<>();
  private final Map<String, Contact> contacts = new LinkedHashMap<>();
  private final Map<String, ContactList> contactLists = new LinkedHashMap<>();
  private final Map<String, Note> notes = new LinkedHashMap<>();
  private final Map<String, CustomFieldDefinition> customFields = new LinkedHashMap<>();
  private final Map<String, Recap> recaps = new LinkedHashMap<>();

  public Optional<RoutingForm> form(String uuid) {
    return Optional.ofNullable(forms.get(uuid));
  }

  public List<RoutingForm> formsOf(String organizationUuid) {
    return forms.values().stream().filter(f -> f.organizationUuid().equals(organizationUuid)).toList();
  }

  public void putForm(RoutingForm form) {
    forms.put(form.uuid(), form);
  }

  public Optional<Submission> submission(String uuid) {
    return Optional.ofNullable(submissions.get(uuid));
  }

  public List<Submission> submissionsOf(String formUuid) {
    return submissions.values().stream().filter(s -> s.formUuid().equals(formUuid)).toList();
  }

  public void putSubmission(Submission submission) {
    submissions.put(submission.uuid(), submission);
  }

  public Optional<Group> group(String uuid) {
    return Optional.ofNullable(groups.get(uuid));
  }

  public List<Group> groupsOf(String organizationUuid) {
    return groups.values().stream().filter(g -> g.organizationUuid().equals(organizationUuid)).toList();
  }

  public void putGroup(Group group) {
    groups.put(group.uuid(), group);
  }

  public Optional<GroupRelationship> relationship(String uuid) {
    return Optional.ofNullable(relationships.get(uuid));
  }

  public Collection<GroupRelationship> relationships() {
    return List.copyOf(relationships.values());
  }

  public void putRelationship(GroupRelationship relationship) {
    relationships.put(relationship.uuid(), relationship);
  }

  public List<ActivityEntry> activityOf(String organizationUuid) {
    return activity.stream().filter(a -> a.organizationUuid().equals(organizationUuid)).toList();
  }

  public void addActivity(ActivityEntry entry) {
    activity.add(entry);
  }

  public Optional<Contact> contact(String uuid) {
    return Optional.ofNullable(contacts.get(uuid));
  }

  public List<Contact> contactsOf(String ownerUuid) {
    return contacts.values().stream().filter(c -> c.ownerUuid().equals(ownerUuid)).toList();
  }

  public void putContact(Contact contact) {
    contacts.put(contact.uuid(), contact);
  }

  /** Removes the contact and takes it out of every List; its notes go with it. */
  public void removeContact(String uuid) {
    contacts.remove(uuid);
    for (ContactList list : List.copyOf(contactLists.values())) {
      if (list.contactUuids().contains(uuid)) {
        contactLists.put(list.uuid(), list.with(list.name(),
            list.contactUuids().stream().filter(c -> !c.equals(uuid)).toList(), list.updatedAt()));
      }
    }
    notes.values().removeIf(n -> n.contactUuid().equals(uuid));
  }

  public Optional<ContactList> contactList(String uuid) {
    return Optional.ofNullable(contactLists.get(uuid));
  }

  public List<ContactList> contactListsOf(String ownerUuid) {
    return contactLists.values().stream().filter(l -> l.ownerUuid().equals(ownerUuid)).toList();
  }

  public void putContactList(ContactList list) {
    contactLists.put(list.uuid(), list);
  }

  public List<Note> notesAbout(String contactUuid) {
    return notes.values().stream().filter(n -> n.contactUuid().equals(contactUuid)).toList();
  }

  public Optional<Note> note(String uuid) {
    return Optional.ofNullable(notes.get(uuid));
  }

  public Optional<CustomFieldDefinition> customField(String uuid) {
    return Optional.ofNullable(customFields.get(uuid));
  }

  public void putNote(Note note) {
    notes.put(note.uuid(), note);
  }

  public List<CustomFieldDefinition> customFieldsOf(String organizationUuid) {
    return customFields.values().stream().filter(f -> f.organizationUuid().equals(organizationUuid)).toList();
  }

  public void putCustomField(CustomFieldDefinition definition) {
    customFields.put(definition.uuid(), definition);
  }

  public Optional<Recap> recap(String uuid) {
    return Optional.ofNullable(recaps.get(uuid));
  }

  public Collection<Recap> recaps() {
    return List.copyOf(recaps.values());
  }

  public void putRecap(Recap recap) {
    recaps.put(recap.uuid(), recap);
  }

  public void removeRecap(String uuid) {
    recaps.remove(uuid);
  }
}
