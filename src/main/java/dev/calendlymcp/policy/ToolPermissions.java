package dev.calendlymcp.policy;

import static dev.calendlymcp.policy.AccessLevel.FULL;
import static dev.calendlymcp.policy.AccessLevel.READ;
import static dev.calendlymcp.policy.AccessLevel.WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each tool needs from an agent's policy. Every tool of the catalog has an entry, and a test
 * fails when a new tool has none: a tool without an entry would otherwise be either unreachable or
 * unguarded. Reading tools need {@code read}, tools that create or change things {@code write},
 * tools that cancel, remove or delete {@code full}.
 */
public final class ToolPermissions {

  /**
   * One tool's needs.
   *
   * @param needs what every call needs; empty for a tool that reads only the caller's own identity
   * @param argumentNeeds arguments that reach another resource when given, e.g. filtering
   *     meetings by an invitee's email reads invitees
   * @param showsInvitees whether results carry invitees' names, emails or answers, which are
   *     hidden when the agent may read meetings but not invitees
   */
  public record Entry(List<Permission> needs, Map<String, Permission> argumentNeeds, boolean showsInvitees) {
    public Entry {
      needs = List.copyOf(needs);
      argumentNeeds = Map.copyOf(argumentNeeds);
    }

    /** Whether calls of this tool change or destroy something, so that {@code +ask} applies. */
    boolean changes() {
      return needs.stream().anyMatch(need -> need.level().includes(WRITE));
    }
  }

  private static final Map<String, Entry> TABLE = Map.ofEntries(
      // scheduling
      Map.entry("whoami", new Entry(List.of(), Map.of(), false)),
      Map.entry("list_event_types", reads(PolicyResource.EVENT_TYPES)),
      Map.entry("get_event_type", reads(PolicyResource.EVENT_TYPES)),
      Map.entry("find_available_times", reads(PolicyResource.AVAILABILITY)),
      Map.entry("list_scheduled_events", new Entry(List.of(Permission.of(PolicyResource.MEETINGS, READ)),
          Map.of("invitee", Permission.of(PolicyResource.INVITEES, READ)), true)),
      Map.entry("get_scheduled_event", invitees()),
      Map.entry("book_meeting", needs(PolicyResource.BOOKING, WRITE)),
      Map.entry("reschedule_meeting", needs(PolicyResource.BOOKING, WRITE)),
      Map.entry("cancel_event", needs(PolicyResource.CANCELLATION, FULL)),
      Map.entry("create_booking_link", needs(PolicyResource.LINKS, WRITE)),
      // availability
      Map.entry("get_user_busy_times", reads(PolicyResource.AVAILABILITY)),
      Map.entry("list_availability_schedules", reads(PolicyResource.AVAILABILITY)),
      Map.entry("get_availability_schedule", reads(PolicyResource.AVAILABILITY)),
      // invitees
      Map.entry("list_event_invitees", new Entry(List.of(Permission.of(PolicyResource.MEETINGS, READ)),
          Map.of("email", Permission.of(PolicyResource.INVITEES, READ)), true)),
      Map.entry("get_invitee", invitees()),
      // users and organization
      Map.entry("get_user", reads(PolicyResource.ORGANIZATION)),
      Map.entry("list_members", reads(PolicyResource.ORGANIZATION)),
      Map.entry("list_memberships", reads(PolicyResource.ORGANIZATION)),
      Map.entry("get_membership", reads(PolicyResource.ORGANIZATION)),
      Map.entry("list_invitations", reads(PolicyResource.ORGANIZATION)),
      Map.entry("get_invitation", reads(PolicyResource.ORGANIZATION)),
      Map.entry("invite_user", needs(PolicyResource.ORGANIZATION, WRITE)),
      Map.entry("revoke_invitation", needs(PolicyResource.ORGANIZATION, FULL)),
      Map.entry("remove_member", needs(PolicyResource.ORGANIZATION, FULL)),
      // webhooks
      Map.entry("list_webhook_subscriptions", reads(PolicyResource.WEBHOOKS)),
      Map.entry("get_webhook_subscription", reads(PolicyResource.WEBHOOKS)),
      Map.entry("create_webhook_subscription", needs(PolicyResource.WEBHOOKS, WRITE)),
      Map.entry("delete_webhook_subscription", needs(PolicyResource.WEBHOOKS, FULL)),
      // one-off, compliance, changes
      Map.entry("create_one_off_event_type", needs(PolicyResource.EVENT_TYPES, WRITE)),
      Map.entry("delete_invitee_data", needs(PolicyResource.COMPLIANCE, FULL)),
      Map.entry("recent_changes", reads(PolicyResource.MEETINGS)),
      // availability across people; event types and their hours, hosts and places
      Map.entry("find_common_times", reads(PolicyResource.AVAILABILITY)),
      Map.entry("create_event_type", needs(PolicyResource.EVENT_TYPES, WRITE)),
      Map.entry("update_event_type", needs(PolicyResource.EVENT_TYPES, WRITE)),
      Map.entry("get_event_type_availability", reads(PolicyResource.EVENT_TYPES)),
      Map.entry("set_availability", needs(PolicyResource.EVENT_TYPES, WRITE)),
      Map.entry("list_event_type_hosts", reads(PolicyResource.EVENT_TYPES)),
      Map.entry("list_meeting_locations", reads(PolicyResource.EVENT_TYPES)),
      // no-shows change what a meeting records about its invitee; customised links are links
      Map.entry("mark_no_show", needs(PolicyResource.MEETINGS, WRITE)),
      Map.entry("create_custom_link", needs(PolicyResource.LINKS, WRITE)),
      Map.entry("list_custom_links", reads(PolicyResource.LINKS)),
      // withdrawing a link the invitee may already hold is a removal
      Map.entry("change_custom_link", needs(PolicyResource.LINKS, FULL)),
      Map.entry("set_working_hours", needs(PolicyResource.AVAILABILITY, WRITE)),
      // routing, groups, contacts, recaps, compliance, sample webhooks
      Map.entry("list_routing_submissions", reads(PolicyResource.ROUTING)),
      Map.entry("list_groups", reads(PolicyResource.ORGANIZATION)),
      Map.entry("find_contact", reads(PolicyResource.CONTACTS)),
      Map.entry("add_contact_note", needs(PolicyResource.CONTACTS, WRITE)),
      Map.entry("save_contact", needs(PolicyResource.CONTACTS, WRITE)),
      Map.entry("delete_contact", needs(PolicyResource.CONTACTS, FULL)),
      Map.entry("save_contact_list", needs(PolicyResource.CONTACTS, WRITE)),
      // taking people off a List is a removal, though the contacts stay
      Map.entry("change_list_members", new Entry(List.of(Permission.of(PolicyResource.CONTACTS, WRITE)),
          Map.of("remove", Permission.of(PolicyResource.CONTACTS, FULL)), false)),
      Map.entry("create_custom_field", needs(PolicyResource.CONTACTS, WRITE)),
      Map.entry("get_meeting_recap", reads(PolicyResource.RECAPS)),
      Map.entry("update_meeting_recap", needs(PolicyResource.RECAPS, WRITE)),
      Map.entry("delete_meeting_recap", needs(PolicyResource.RECAPS, FULL)),
      Map.entry("whats_next", new Entry(
          List.of(Permission.of(PolicyResource.MEETINGS, READ), Permission.of(PolicyResource.RECAPS, READ)),
          Map.of(), true)),
      Map.entry("get_activity_log", reads(PolicyResource.COMPLIANCE)),
      Map.entry("delete_event_data", needs(PolicyResource.COMPLIANCE, FULL)),
      Map.entry("get_sample_webhook", reads(PolicyResource.WEBHOOKS)));

  private ToolPermissions() {}

  private static Entry reads(PolicyResource resource) {
    return needs(resource, READ);
  }

  private static Entry needs(PolicyResource resource, AccessLevel level) {
    return new Entry(List.of(Permission.of(resource, level)), Map.of(), false);
  }

  /** Meetings with their invitees, shown hidden to an agent without {@code invitees: read}. */
  private static Entry invitees() {
    return new Entry(List.of(Permission.of(PolicyResource.MEETINGS, READ)), Map.of(), true);
  }

  public static Optional<Entry> of(String tool) {
    return Optional.ofNullable(TABLE.get(tool));
  }

  public static Set<String> tools() {
    return TABLE.keySet();
  }

  /**
   * Whether some tool needs {@code write} or more on {@code resource}: only then does {@code +ask}
   * change anything for it, so the consent page offers the choice only there.
   */
  public static boolean changesThrough(PolicyResource resource) {
    return TABLE.values().stream()
        .flatMap(entry -> entry.needs().stream())
        .anyMatch(need -> need.resource() == resource && need.level().includes(WRITE));
  }

  /** What a call of {@code tool} with these arguments needs, table needs first. */
  public static List<Permission> needsOf(String tool, Map<String, Object> arguments) {
    Entry entry = TABLE.get(tool);
    if (entry == null) {
      return List.of();
    }
    List<Permission> all = new ArrayList<>(entry.needs());
    entry.argumentNeeds().entrySet().stream()
        .filter(argument -> arguments.get(argument.getKey()) != null)
        .map(Map.Entry::getValue)
        .forEach(all::add);
    return all;
  }
}
