package dev.calendlymcp.sandbox.seed;

import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Ids;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.model.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Seeds the {@link ExtraStore} from what {@link Seeder} made, so that a demo finds something in
 * every newer endpoint: per paid organization a routing form with submissions and recaps (with
 * transcripts) of past meetings; per organization groups, custom fields and an activity log; per
 * user contacts made from their invitees, a List and a note. Deterministic: it walks the store in
 * insertion order and takes ids from the shared sequence.
 */
public final class ExtrasSeeder {

  private static final int MAX_SUBMISSIONS = 8;
  private static final int MAX_CONTACTS = 20;
  private static final int MAX_RECAPS = 4;
  private static final int MAX_ACTIVITY = 40;
  private static final List<String> SIZES = List.of("1-10", "11-50", "51-200", "201+");

  private final Ids ids;
  private final Uris uris;
  private final Instant now;

  public ExtrasSeeder(Ids ids, Uris uris, Instant now) {
    this.ids = ids;
    this.uris = uris;
    this.now = now;
  }

  /** Fills {@code extras} from {@code store}, under the store's write lock. */
  public void seed(SandboxStore store, ExtraStore extras) {
    store.write(() -> {
      for (Organization organization : store.organizations()) {
        List<Membership> members = store.membershipsOf(organization.uuid());
        List<ScheduledEvent> events = store.eventsOfOrganization(organization.uuid()).stream()
            .sorted(Comparator.comparing(ScheduledEvent::start).thenComparing(ScheduledEvent::uuid))
            .toList();
        if (organization.plan().isPaid()) {
          routingForm(store, extras, organization, events);
          recaps(store, extras, organization, events);
        }
        groups(extras, organization, members);
        customFields(extras, organization);
        activity(store, extras, organization, members);
        for (Membership member : members) {
          store.user(member.userUuid()).ifPresent(user -> contacts(store, extras, user, events));
        }
      }
      return null;
    });
  }

  private void routingForm(SandboxStore store, ExtraStore extras, Organization organization, List<ScheduledEvent> events) {
    Instant created = organization.createdAt().plus(Duration.ofDays(30));
    List<ExtraStore.FormQuestion> questions = List.of(
        new ExtraStore.FormQuestion(ids.uuid(), "Company size", "select", true, SIZES),
        new ExtraStore.FormQuestion(ids.uuid(), "What would you like to see?", "textarea", false, List.of()));
    ExtraStore.RoutingForm form = new ExtraStore.RoutingForm(
        ids.uuid(), organization.uuid(), "Product demo request", "published", questions, created, created);
    extras.putForm(form);
    int made = 0;
    for (ScheduledEvent event : events) {
      if (made >= MAX_SUBMISSIONS) {
        break;
      }
      for (Invitee invitee : store.inviteesOf(event.uuid())) {
        if (made >= MAX_SUBMISSIONS) {
          break;
        }
        // Every third visitor leaves without booking, as routed visitors do.
        boolean booked = made % 3 != 2;
        List<ExtraStore.Answer> answers = List.of(
            new ExtraStore.Answer(questions.get(0).uuid(), questions.get(0).name(), SIZES.get(made % SIZES.size())),
            new ExtraStore.Answer(questions.get(1).uuid(), questions.get(1).name(),
                "A walkthrough of " + event.name() + " for " + invitee.firstName() + "'s team."));
        extras.putSubmission(new ExtraStore.Submission(
            ids.uuid(), form.uuid(), answers, event.eventTypeUuid(),
            booked ? uris.invitee(event.uuid(), invitee.uuid()) : null,
            made % 2 == 0 ? "newsletter" : "google", invitee.createdAt().minus(Duration.ofMinutes(3))));
        made++;
      }
    }
  }

  private void recaps(SandboxStore store, ExtraStore extras, Organization organization, List<ScheduledEvent> events) {
    Map<String, Integer> perHost = new LinkedHashMap<>();
    for (int i = events.size() - 1; i >= 0; i--) {
      ScheduledEvent event = events.get(i);
      if (!event.isActive() || event.end().isAfter(now) || event.hostUuids().isEmpty()) {
        continue;
      }
      String host = event.hostUuids().get(0);
      int count = perHost.merge(host, 1, Integer::sum);
      if (count > MAX_RECAPS) {
        continue;
      }
      extras.putRecap(recapOf(store, event, ids.uuid(), event.end().plus(Duration.ofMinutes(10))));
    }
  }

  /**
   * The {@code available} recap, with highlights and a transcript, that Notetaker makes of {@code
   * event} at {@code made}: owned by its first host, attended by the host and its active invitees.
   * Called under the store's lock.
   */
  public static ExtraStore.Recap recapOf(SandboxStore store, ScheduledEvent event, String uuid, Instant made) {
    String host = event.hostUuids().get(0);
    List<Invitee> invitees = store.inviteesOf(event.uuid()).stream().filter(Invitee::isActive).toList();
    String hostName = store.user(host).map(User::name).orElse("Host");
    List<ExtraStore.Attendee> attendees = new ArrayList<>();
    store.user(host).ifPresent(u -> attendees.add(new ExtraStore.Attendee(u.name(), u.email())));
    invitees.forEach(v -> attendees.add(new ExtraStore.Attendee(v.name(), v.email())));
    String guest = invitees.isEmpty() ? "the guest" : invitees.get(0).name();
    String summary = "- " + hostName + " and " + guest + " reviewed goals for " + event.name() + ".\n"
        + "- Agreed on a pilot with two teams.";
    String actions = "- [ ] " + hostName + ": send the pilot plan\n- [ ] " + guest + ": share the team list";
    String discussion = "### Goals\n" + guest + " wants fewer scheduling emails.\n### Next steps\nPilot in two weeks.";
    String transcript = hostName + ": Thanks for joining, " + guest + ".\n"
        + guest + ": Happy to. We spend too long on scheduling emails.\n"
        + hostName + ": Let's start a pilot with two teams.\n"
        + guest + ": Sounds good, I'll share the team list.";
    return new ExtraStore.Recap(
        uuid, host, event.organizationUuid(), event.uuid(), event.name(), event.start(), event.end(), attendees,
        "available", summary, actions, discussion, transcript, made, made);
  }

  private void groups(ExtraStore extras, Organization organization, List<Membership> members) {
    if (members.size() < 2) {
      return;
    }
    Instant created = organization.createdAt().plus(Duration.ofDays(10));
    ExtraStore.Group sales = new ExtraStore.Group(ids.uuid(), organization.uuid(), "Sales", created);
    ExtraStore.Group support = new ExtraStore.Group(ids.uuid(), organization.uuid(), "Customer Success", created);
    extras.putGroup(sales);
    extras.putGroup(support);
    for (int i = 0; i < members.size(); i++) {
      Membership member = members.get(i);
      ExtraStore.Group group = i % 2 == 0 ? sales : support;
      extras.putRelationship(new ExtraStore.GroupRelationship(
          ids.uuid(), group.uuid(), organization.uuid(), member.uuid(), "member", member.createdAt()));
      if (i == 0) {
        extras.putRelationship(new ExtraStore.GroupRelationship(
            ids.uuid(), support.uuid(), organization.uuid(), member.uuid(), "admin", member.createdAt()));
      }
    }
  }

  private void customFields(ExtraStore extras, Organization organization) {
    Instant created = organization.createdAt().plus(Duration.ofDays(40));
    extras.putCustomField(new ExtraStore.CustomFieldDefinition(
        ids.uuid(), organization.uuid(), "Lead source", "text", List.of(), null, created));
    extras.putCustomField(new ExtraStore.CustomFieldDefinition(
        ids.uuid(), organization.uuid(), "Deal size", "currency", List.of(), "USD", created));
  }

  private void activity(SandboxStore store, ExtraStore extras, Organization organization, List<Membership> members) {
    String owner = members.isEmpty() ? null : members.get(0).userUuid();
    int made = 0;
    for (Membership member : members) {
      if (made >= MAX_ACTIVITY) {
        return;
      }
      String email = store.user(member.userUuid()).map(User::email).orElse("");
      extras.addActivity(new ExtraStore.ActivityEntry(
          ids.uuid(), organization.uuid(), member.createdAt(), "User", "Add", owner,
          Json.object().put("user_email", email).put("role", member.role().wireName())));
      made++;
      for (EventType type : store.eventTypesOf(member.userUuid())) {
        if (made >= MAX_ACTIVITY) {
          return;
        }
        extras.addActivity(new ExtraStore.ActivityEntry(
            ids.uuid(), organization.uuid(), type.createdAt(), "EventType", "Create", member.userUuid(),
            Json.object().put("event_type_name", type.name())));
        made++;
      }
    }
  }

  private void contacts(SandboxStore store, ExtraStore extras, User user, List<ScheduledEvent> events) {
    Map<String, Invitee> byEmail = new LinkedHashMap<>();
    for (ScheduledEvent event : events) {
      if (byEmail.size() >= MAX_CONTACTS) {
        break;
      }
      if (!event.hostUuids().contains(user.uuid())) {
        continue;
      }
      for (Invitee invitee : store.inviteesOf(event.uuid())) {
        byEmail.putIfAbsent(invitee.email().toLowerCase(Locale.ROOT), invitee);
      }
    }
    List<String> made = new ArrayList<>();
    int index = 0;
    for (Invitee invitee : byEmail.values()) {
      if (index >= MAX_CONTACTS) {
        break;
      }
      String domain = invitee.email().substring(invitee.email().indexOf('@') + 1);
      String company = Character.toUpperCase(domain.charAt(0)) + domain.substring(1, domain.indexOf('.') > 0 ? domain.indexOf('.') : domain.length());
      ExtraStore.Contact contact = new ExtraStore.Contact(
          ids.uuid(), user.uuid(), invitee.name(), invitee.email(), null, company,
          index % 2 == 0 ? "Head of Operations" : "Engineering Manager", invitee.timezone(), null, null,
          invitee.createdAt(), invitee.updatedAt(), List.of(), List.of(), null, null, Map.of());
      extras.putContact(contact);
      made.add(contact.uuid());
      index++;
    }
    if (made.isEmpty()) {
      return;
    }
    extras.putContactList(new ExtraStore.ContactList(
        ids.uuid(), user.uuid(), "Key accounts", "static_list", made.subList(0, Math.min(5, made.size())),
        user.createdAt(), user.createdAt(), false));
    // Calendly gives every user an All Contacts View. Its UUID is derived, not drawn from the
    // seeded sequence, so that every UUID seeded after it stays what it was.
    extras.putContactList(new ExtraStore.ContactList(
        UUID.nameUUIDFromBytes(("all-contacts:" + user.uuid()).getBytes(StandardCharsets.UTF_8)).toString(),
        user.uuid(), "All Contacts", "dynamic_view", List.of(), user.createdAt(), user.createdAt(), true));
    Instant written = now.minus(Duration.ofDays(2));
    extras.putNote(new ExtraStore.Note(
        ids.uuid(), made.get(0), user.uuid(), "Pricing", "Asked for pricing for 50 seats; follow up after the demo.",
        null, written, written));
  }
}
