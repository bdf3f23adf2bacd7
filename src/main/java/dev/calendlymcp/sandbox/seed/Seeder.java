package dev.calendlymcp.sandbox.seed;

import dev.calendlymcp.sandbox.SandboxSize;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.auth.TokenStore;
import dev.calendlymcp.sandbox.availability.LocalInterval;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.Cancellation;
import dev.calendlymcp.sandbox.model.CustomQuestion;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.ExternalBusy;
import dev.calendlymcp.sandbox.model.Ids;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.MeetingLocation;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.QuestionAnswer;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Status;
import dev.calendlymcp.sandbox.model.Tracking;
import dev.calendlymcp.sandbox.model.User;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates the sandbox's starting data from a seed and a size, around the clock's "now": every
 * value comes from one seeded random sequence and one id sequence, so the same (seed, size, now)
 * gives the same data, byte for byte.
 *
 * <p>Each user gets a default "Working Hours" schedule (Monday to Friday 09:00–17:00 in their own
 * time zone) with one date override, two external busy blocks in the coming week, and event types
 * cycling through: a 30-minute one-on-one, a 60-minute one-on-one with buffers, minimum notice and
 * a required question, a group workshop with seats, and an inactive 15-minute intro. Scheduled
 * events fall on weekdays from two weeks before to three weeks after now; about one in seven is
 * canceled.
 */
public final class Seeder {

  private static final List<Plan> PLAN_CYCLE = List.of(Plan.FREE, Plan.STANDARD, Plan.TEAMS, Plan.ENTERPRISE);
  private static final int WORKDAY_START = 9 * 60;
  private static final int WORKDAY_END = 17 * 60;

  /**
   * A seeded member and their personal access token.
   *
   * @param user the user
   * @param organization their organization
   * @param role their role
   * @param token their token (carrying every scope)
   */
  public record Member(User user, Organization organization, Role role, String token) {
    @Override
    public String toString() {
      return "Member[" + user.email() + ", " + organization.plan().wireName() + ", " + role.wireName() + "]";
    }
  }

  private final SandboxSize size;
  private final Instant now;
  private final Random random;
  private final Ids ids;

  /**
   * @param seed the seed of the random choices
   * @param size how much to generate
   * @param now the clock's instant when the sandbox starts
   * @param ids the id sequence (shared with the running sandbox, which continues it)
   */
  public Seeder(long seed, SandboxSize size, Instant now, Ids ids) {
    this.size = size;
    this.now = now;
    this.random = new Random(seed);
    this.ids = ids;
  }

  /** Fills {@code store} (under its write lock) and issues a token per member. */
  public List<Member> seed(SandboxStore store, TokenStore tokens) {
    return store.write(() -> generate(store, tokens));
  }

  private List<Member> generate(SandboxStore store, TokenStore tokens) {
    List<Member> members = new ArrayList<>();
    Map<String, List<EventType>> activeTypes = new HashMap<>();
    Set<String> emails = new HashSet<>();
    int userIndex = 0;
    for (int o = 0; o < size.organizations(); o++) {
      Organization organization = organization(o);
      store.putOrganization(organization);
      String domain = slug(organization.name()) + ".example.com";
      for (int m = 0; m < size.membersPerOrganization(); m++) {
        Role role = m == 0 ? Role.OWNER : (m % 100 == 1 ? Role.ADMIN : Role.USER);
        User user = user(userIndex, organization, domain, emails);
        store.putUser(user);
        store.putMembership(
            new Membership(ids.uuid(), user.uuid(), organization.uuid(), role, user.createdAt(), user.createdAt()));
        AvailabilitySchedule schedule = schedule(userIndex, user);
        store.putSchedule(schedule);
        for (ExternalBusy busy : externalBusy(user)) {
          store.addExternalBusy(busy);
        }
        List<EventType> active = new ArrayList<>();
        for (int e = 0; e < size.eventTypesPerUser(); e++) {
          EventType eventType = eventType(e, user, schedule);
          store.putEventType(eventType);
          if (eventType.active()) {
            active.add(eventType);
          }
        }
        activeTypes.put(user.uuid(), active);
        String token = tokens.issue("sbx_pat_", user.uuid(), Scopes.ALL, null).value();
        members.add(new Member(user, organization, role, token));
        userIndex++;
      }
    }
    scheduledEvents(store, members, activeTypes);
    return members;
  }

  private Organization organization(int index) {
    Plan plan = size.organizations() == 1 ? Plan.ENTERPRISE : PLAN_CYCLE.get(index % PLAN_CYCLE.size());
    String base = Names.ORGANIZATIONS.get(index % Names.ORGANIZATIONS.size());
    String name = index < Names.ORGANIZATIONS.size() ? base : base + " " + (index / Names.ORGANIZATIONS.size() + 1);
    return new Organization(ids.uuid(), name, plan, now.minus(Duration.ofDays(700 + index)));
  }

  private User user(int index, Organization organization, String domain, Set<String> emails) {
    String first = Names.FIRST.get(index % Names.FIRST.size());
    String last = Names.LAST.get((index / Names.FIRST.size() + index * 7) % Names.LAST.size());
    String local = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT);
    String email = local + "@" + domain;
    for (int n = 2; emails.contains(email); n++) {
      email = local + n + "@" + domain;
    }
    emails.add(email);
    String zone = Names.ZONES.get(index % Names.ZONES.size());
    Instant created = now.minus(Duration.ofDays(400 - index % 300)).minus(Duration.ofMinutes(index));
    return new User(
        ids.uuid(),
        first + " " + last,
        email.substring(0, email.indexOf('@')).replace('.', '-'),
        email,
        zone,
        zone.startsWith("America/") ? "12h" : "24h",
        "en",
        created,
        created,
        organization.uuid());
  }

  private AvailabilitySchedule schedule(int index, User user) {
    ZoneId zone = ZoneId.of(user.timezone());
    Map<DayOfWeek, List<LocalInterval>> weekly = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
      weekly.put(day, weekend ? List.of() : List.of(new LocalInterval(WORKDAY_START, WORKDAY_END)));
    }
    LocalDate overrideDate = LocalDate.ofInstant(now, zone).plusDays(3 + index % 5);
    List<LocalInterval> override =
        index % 2 == 0 ? List.of() : List.of(new LocalInterval(10 * 60, 14 * 60));
    Schedule schedule = new Schedule(zone, weekly, Map.of(overrideDate, override));
    return new AvailabilitySchedule(ids.uuid(), user.uuid(), "Working Hours", true, schedule);
  }

  private List<ExternalBusy> externalBusy(User user) {
    ZoneId zone = ZoneId.of(user.timezone());
    LocalDate today = LocalDate.ofInstant(now, zone);
    List<ExternalBusy> busy = new ArrayList<>();
    for (int[] block : new int[][] {{1, 12 * 60, 60}, {3, 15 * 60, 90}}) {
      LocalDate day = weekday(today.plusDays(block[0]));
      Instant start = day.atStartOfDay(zone).plusMinutes(block[1]).toInstant();
      busy.add(new ExternalBusy(user.uuid(), start, start.plus(Duration.ofMinutes(block[2]))));
    }
    return busy;
  }

  private EventType eventType(int index, User user, AvailabilitySchedule schedule) {
    int variant = index % 4;
    String suffix = index < 4 ? "" : " " + (index / 4 + 1);
    Instant created = user.createdAt().plus(Duration.ofDays(1 + index));
    String color = Names.COLORS.get(index % Names.COLORS.size());
    EventTypeSpec spec =
        switch (variant) {
          case 0 -> new EventTypeSpec(
              "30 Minute Meeting", "solo", 30, 30, 0, 0, 60, 1, 0, true,
              "A quick call to get to know each other.",
              List.of(new EventTypeLocation("zoom_conference", null, null)),
              List.of(new CustomQuestion("What would you like to discuss?", "text", 0, true, false, List.of(), false)));
          case 1 -> new EventTypeSpec(
              "60 Minute Consultation", "solo", 60, 30, 10, 15, 240, 1, 60, true,
              "An in-depth session; please tell us about your company.",
              List.of(
                  new EventTypeLocation("physical", "Main office, Room 3", "Ask for the host at reception."),
                  new EventTypeLocation("google_conference", null, null)),
              List.of(
                  new CustomQuestion("Company", "string", 0, true, true, List.of(), false),
                  new CustomQuestion(
                      "Budget", "single_select", 1, true, false, List.of("Under 10k", "10k to 50k", "Over 50k"), false)));
          case 2 -> new EventTypeSpec(
              "Group Workshop", "group", 60, 60, 0, 0, 120, 5, 0, true,
              "A hands-on workshop for up to five people.",
              List.of(new EventTypeLocation("zoom_conference", null, null)),
              List.of(new CustomQuestion("What do you hope to learn?", "text", 0, true, false, List.of(), false)));
          default -> new EventTypeSpec(
              "15 Minute Intro", "solo", 15, 15, 0, 0, 0, 1, 0, false, null,
              List.of(new EventTypeLocation("outbound_call", null, null)), List.of());
        };
    String name = spec.name() + suffix;
    return new EventType(
        ids.uuid(), user.uuid(), name, slug(name), spec.active(), spec.kind(), false,
        spec.duration(), spec.kind().equals("solo") ? List.of(spec.duration()) : null,
        spec.increment(), spec.bufferBefore(), spec.bufferAfter(), spec.notice(), spec.seats(),
        spec.maxDays(), color, spec.description(), null, false, false, index, "en",
        spec.locations(), spec.questions(), schedule.uuid(), null, List.of(), created, created);
  }

  private record EventTypeSpec(
      String name, String kind, int duration, int increment, int bufferBefore, int bufferAfter,
      int notice, int seats, int maxDays, boolean active, String description,
      List<EventTypeLocation> locations, List<CustomQuestion> questions) {}

  private void scheduledEvents(
      SandboxStore store, List<Member> members, Map<String, List<EventType>> activeTypes) {
    Map<String, List<Instant[]>> taken = new HashMap<>();
    int created = 0;
    int attempt = 0;
    int maxAttempts = size.scheduledEvents() * 20 + 20;
    while (created < size.scheduledEvents() && attempt < maxAttempts) {
      Member host = members.get(attempt % members.size());
      attempt++;
      List<EventType> types = activeTypes.get(host.user().uuid());
      if (types.isEmpty()) {
        continue;
      }
      EventType type = types.get(random.nextInt(types.size()));
      ZoneId zone = ZoneId.of(host.user().timezone());
      LocalDate day = weekday(LocalDate.ofInstant(now, zone).plusDays(random.nextInt(35) - 14));
      int starts = (WORKDAY_END - WORKDAY_START - type.durationMinutes()) / 30 + 1;
      Instant start =
          day.atStartOfDay(zone).plusMinutes(WORKDAY_START + 30L * random.nextInt(starts)).toInstant();
      Instant end = start.plus(Duration.ofMinutes(type.durationMinutes()));
      List<Instant[]> hostTaken = taken.computeIfAbsent(host.user().uuid(), k -> new ArrayList<>());
      Instant paddedStart = start.minus(Duration.ofMinutes(15));
      Instant paddedEnd = end.plus(Duration.ofMinutes(15));
      if (hostTaken.stream().anyMatch(t -> t[0].isBefore(paddedEnd) && t[1].isAfter(paddedStart))) {
        continue;
      }
      hostTaken.add(new Instant[] {start, end});
      event(store, host, type, start, end);
      created++;
    }
  }

  private void event(SandboxStore store, Member host, EventType type, Instant start, Instant end) {
    Instant booked = start.minus(Duration.ofDays(1 + random.nextInt(10))).minus(Duration.ofMinutes(random.nextInt(600)));
    Instant latest = now.minus(Duration.ofHours(1));
    if (booked.isAfter(latest)) {
      booked = latest;
    }
    int inviteeCount = type.isGroup() ? 1 + random.nextInt(Math.min(3, type.seats())) : 1;
    List<String[]> people = new ArrayList<>();
    for (int i = 0; i < inviteeCount; i++) {
      people.add(new String[] {
          Names.FIRST.get(random.nextInt(Names.FIRST.size())),
          Names.LAST.get(random.nextInt(Names.LAST.size()))});
    }
    Cancellation cancellation = null;
    if (random.nextInt(7) == 0) {
      Instant when = booked.plus(Duration.between(booked, start.isBefore(now) ? start : now).dividedBy(2));
      boolean byHost = random.nextBoolean();
      cancellation =
          byHost
              ? new Cancellation(host.user().name(), "Schedule conflict", "host", when)
              : new Cancellation(people.get(0)[0] + " " + people.get(0)[1], "Something came up, sorry!", "invitee", when);
    }
    EventTypeLocation offered = type.locations().get(0);
    MeetingLocation location =
        switch (offered.kind()) {
          case "zoom_conference" -> new MeetingLocation("zoom", null, "https://zoom.example/j/" + ids.hex(10));
          case "google_conference" -> new MeetingLocation("google_conference", null, "https://meet.example/" + ids.hex(10));
          default -> new MeetingLocation(offered.kind(), offered.location(), null);
        };
    String eventUuid = ids.uuid();
    ScheduledEvent event =
        new ScheduledEvent(
            eventUuid, type.uuid(), host.organization().uuid(), type.name(),
            cancellation == null ? Status.ACTIVE : Status.CANCELED, start, end, List.of(host.user().uuid()),
            location, type.seats(), List.of(), cancellation, type.bufferBeforeMinutes(),
            type.bufferAfterMinutes(), booked, cancellation == null ? booked : cancellation.createdAt());
    store.putEvent(event);
    for (int i = 0; i < inviteeCount; i++) {
      store.putInvitee(invitee(eventUuid, type, people.get(i), booked.plus(Duration.ofMinutes(i)), cancellation));
    }
  }

  private Invitee invitee(
      String eventUuid, EventType type, String[] person, Instant created, Cancellation cancellation) {
    String first = person[0];
    String last = person[1];
    String email =
        first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@"
            + Names.CLIENT_DOMAINS.get(random.nextInt(Names.CLIENT_DOMAINS.size()));
    List<QuestionAnswer> answers = new ArrayList<>();
    for (CustomQuestion question : type.customQuestions()) {
      String answer =
          switch (question.type()) {
            case "single_select" -> question.answerChoices().get(random.nextInt(question.answerChoices().size()));
            case "string" -> Names.COMPANIES.get(random.nextInt(Names.COMPANIES.size()));
            default -> Names.TOPICS.get(random.nextInt(Names.TOPICS.size()));
          };
      answers.add(new QuestionAnswer(question.name(), answer, question.position()));
    }
    Tracking tracking =
        random.nextInt(3) == 0
            ? new Tracking("spring-launch", "newsletter", "email", null, null, null)
            : Tracking.NONE;
    Status status = cancellation == null ? Status.ACTIVE : Status.CANCELED;
    return new Invitee(
        ids.uuid(), eventUuid, email, first + " " + last, first, last, status,
        Names.ZONES.get(random.nextInt(Names.ZONES.size())), answers, tracking, null,
        cancellation, created, cancellation == null ? created : cancellation.createdAt(), null, null);
  }

  private static LocalDate weekday(LocalDate date) {
    return switch (date.getDayOfWeek()) {
      case SATURDAY -> date.plusDays(2);
      case SUNDAY -> date.plusDays(1);
      default -> date;
    };
  }

  private static String slug(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
