package dev.calendlymcp.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.calendly.InvitationQuery;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.MembershipQuery;
import dev.calendlymcp.calendly.NewWebhookSubscription;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.WebhookQuery;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.DateSetting;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.OneOffEventTypeRequest;
import dev.calendlymcp.calendly.model.Organization;
import dev.calendlymcp.calendly.model.OrganizationInvitation;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.SchedulingLink;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.calendly.model.WebhookSubscription;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the sandbox: two independent readings of Calendly's API contract must agree
 * on every endpoint, on pagination and on every documented error.
 */
class ClientAgainstSandboxTest {

  private static Sandbox sandbox;
  private static CalendlyHttp http;

  @BeforeAll
  static void start() {
    // Subscriptions here point at addresses nobody listens on: nothing may be delivered to them.
    sandbox = Sandbox.start(SandboxConfig.builder().seed(7).webhookDelivery(WebhookDeliverySettings.off()).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base));
  }

  @AfterAll
  static void stop() {
    http.close();
    sandbox.close();
  }

  private static CalendlyClient as(SeededUser user) {
    return as(user.token());
  }

  private static CalendlyClient as(String token) {
    return CalendlyClient.create(http, AccessToken.of(token), ClientOptions.direct());
  }

  private static Instant soon() {
    return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
  }

  private static EventType firstOneOnOne(CalendlyClient calendly, URI user) {
    return calendly.eventTypes().listAll(EventTypeQuery.forUser(user), 100)
        .filter(t -> t.poolingType() == null && Boolean.TRUE.equals(t.active()) && t.duration() != null && t.duration() <= 30)
        .blockFirst();
  }

  @Test
  void usersMeAndGet() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyClient calendly = as(owner);

    User me = calendly.users().me().block();
    User again = calendly.users().get(me.uri().toString()).block();

    assertThat(me.email()).isEqualTo(owner.email());
    assertThat(me.currentOrganization()).hasToString(owner.organizationUri());
    assertThat(me.timezone()).isEqualTo(owner.timezone());
    assertThat(again).isEqualTo(me);
  }

  @Test
  void theCallersOrganizationWithItsPlan() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyClient calendly = as(owner);

    Organization organization = calendly.organizations().get(calendly.users().me().block().currentOrganization().toString()).block();

    assertThat(organization.uri()).hasToString(owner.organizationUri());
    assertThat(organization.plan()).isEqualTo("teams");
    assertThat(organization.stage()).isEqualTo("paid");
    assertThat(organization.createdAt()).isNotNull();
    assertThat(catchThrowableOfType(CalendlyException.class,
            () -> calendly.organizations().get(sandbox.user(Plan.FREE, Role.OWNER).organizationUri()).block()))
        .isInstanceOf(CalendlyException.NotFound.class);
  }

  @Test
  void eventTypesListGetAndOneOff() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyClient calendly = as(owner);
    URI user = URI.create(owner.userUri());

    List<EventType> types = calendly.eventTypes().listAll(EventTypeQuery.forUser(user), 100).collectList().block();
    EventType one = calendly.eventTypes().get(types.get(0).uri().toString()).block();
    EventType adhoc =
        calendly.eventTypes()
            .createOneOff(
                new OneOffEventTypeRequest(
                    "Contract check", user, null, 30, "Europe/Berlin",
                    DateSetting.dateRange(LocalDate.now().plusDays(1), LocalDate.now().plusDays(3)),
                    EventTypeLocation.of("custom", "Room 1")))
            .block();

    assertThat(types).hasSizeGreaterThanOrEqualTo(3);
    assertThat(one.uri()).isEqualTo(types.get(0).uri());
    assertThat(adhoc.type()).isEqualTo("AdhocEventType");
    assertThat(adhoc.name()).isEqualTo("Contract check");
    assertThat(adhoc.startTimeIncrement()).isNull();
    assertThat(types).allSatisfy(t -> {
      assertThat(t.startTimeIncrement()).isPositive();
      assertThat(t.beforeBuffer()).isNotNull();
      assertThat(t.afterBuffer()).isNotNull();
    });
  }

  @Test
  void bookFindCancelRoundTrip() {
    SeededUser owner = sandbox.user(Plan.ENTERPRISE, Role.OWNER);
    CalendlyClient calendly = as(owner);
    URI user = URI.create(owner.userUri());
    EventType type = firstOneOnOne(calendly, user);
    Instant from = soon();

    List<EventTypeAvailableTime> slots =
        calendly.availability().eventTypeAvailableTimes(type.uri().toString(), from, from.plus(Duration.ofDays(7))).block();
    assertThat(slots).isNotEmpty();
    Instant start = slots.get(0).startTime();

    Invitee invitee =
        calendly.scheduling()
            .createInvitee(
                new CreateInviteeRequest(
                    type.uri(), start,
                    CreateInviteeRequest.Person.named("Pat Doe", "pat.contract@example.org", "Europe/Paris"),
                    null, null, null, null))
            .block();
    assertThat(invitee.email()).isEqualTo("pat.contract@example.org");
    assertThat(invitee.cancelUrl()).isNotNull();

    List<EventTypeAvailableTime> after =
        calendly.availability().eventTypeAvailableTimes(type.uri().toString(), from, from.plus(Duration.ofDays(7))).block();
    assertThat(after).extracting(EventTypeAvailableTime::startTime).doesNotContain(start);

    ScheduledEvent event = calendly.scheduledEvents().get(invitee.event().toString()).block();
    assertThat(event.startTime()).isEqualTo(start);
    assertThat(calendly.scheduledEvents()
            .listAll(ScheduledEventQuery.forUser(user).inviteeEmail("pat.contract@example.org").status(EventStatus.ACTIVE), 20)
            .map(ScheduledEvent::uri).collectList().block())
        .containsExactly(event.uri());
    assertThat(calendly.scheduledEvents().listAllInvitees(event.uri().toString(), InviteeQuery.all(), 20).collectList().block())
        .extracting(Invitee::uri).containsExactly(invitee.uri());
    assertThat(calendly.scheduledEvents().getInvitee(invitee.uri().toString()).block().uri()).isEqualTo(invitee.uri());

    CalendlyException taken =
        catchThrowableOfType(CalendlyException.class, () -> calendly.scheduling()
            .createInvitee(new CreateInviteeRequest(type.uri(), start,
                CreateInviteeRequest.Person.named("Sam Roe", "sam@example.org", "Europe/Paris"), null, null, null, null))
            .block());
    assertThat(taken).isInstanceOf(CalendlyException.BadRequest.class);

    Cancellation cancellation = calendly.scheduledEvents().cancel(event.uri().toString(), "contract test").block();
    assertThat(cancellation.reason()).isEqualTo("contract test");
    assertThat(calendly.scheduledEvents().get(event.uri().toString()).block().status()).isEqualTo(EventStatus.CANCELED);
    assertThat(calendly.availability().eventTypeAvailableTimes(type.uri().toString(), from, from.plus(Duration.ofDays(7))).block())
        .extracting(EventTypeAvailableTime::startTime).contains(start);
    assertThat(catchThrowableOfType(CalendlyException.class,
            () -> calendly.scheduledEvents().cancel(event.uri().toString(), "again").block()))
        .isInstanceOf(CalendlyException.PermissionDenied.class);
  }

  @Test
  void busyTimesAndAvailabilitySchedules() {
    SeededUser owner = sandbox.user(Plan.STANDARD, Role.OWNER);
    CalendlyClient calendly = as(owner);
    Instant from = soon();

    List<BusyTime> busy = calendly.availability().userBusyTimes(owner.userUri(), from, from.plus(Duration.ofDays(7))).block();
    List<AvailabilitySchedule> schedules = calendly.availability().userAvailabilitySchedules(owner.userUri()).block();
    AvailabilitySchedule one = calendly.availability().userAvailabilitySchedule(schedules.get(0).uri().toString()).block();

    assertThat(busy).allSatisfy(b -> assertThat(b.endTime()).isAfter(b.startTime()));
    assertThat(schedules).isNotEmpty();
    assertThat(one.rules()).isNotEmpty();
    assertThat(one.timezone()).isEqualTo(owner.timezone());
  }

  @Test
  void schedulingLink() {
    SeededUser owner = sandbox.user(Plan.STANDARD, Role.OWNER);
    CalendlyClient calendly = as(owner);
    EventType type = firstOneOnOne(calendly, URI.create(owner.userUri()));

    SchedulingLink link = calendly.schedulingLinks().create(type.uri().toString()).block();

    assertThat(link.bookingUrl()).isNotNull();
    assertThat(link.owner()).isEqualTo(type.uri());
  }

  @Test
  void membershipsAndInvitations() {
    SeededUser owner = sandbox.user(Plan.FREE, Role.OWNER);
    SeededUser member = sandbox.user(Plan.FREE, Role.USER);
    CalendlyClient calendly = as(owner);

    List<OrganizationMembership> members =
        calendly.organizations().listAllMemberships(MembershipQuery.ofOrganization(owner.organizationUri())).collectList().block();
    OrganizationMembership theMember =
        members.stream().filter(m -> m.user().email().equals(member.email())).findFirst().orElseThrow();
    assertThat(calendly.organizations().getMembership(theMember.uri().toString()).block()).isEqualTo(theMember);

    OrganizationInvitation invitation = calendly.organizations().invite(owner.organizationUri(), "new.hire@example.org").block();
    assertThat(invitation.status()).isEqualTo(OrganizationInvitation.Status.PENDING);
    assertThat(calendly.organizations().listAllInvitations(owner.organizationUri(), InvitationQuery.ALL).map(OrganizationInvitation::uri).collectList().block())
        .contains(invitation.uri());
    assertThat(calendly.organizations().getInvitation(owner.organizationUri(), invitation.uri().toString()).block().email())
        .isEqualTo("new.hire@example.org");
    calendly.organizations().revokeInvitation(owner.organizationUri(), invitation.uri().toString()).block();
    assertThat(calendly.organizations().getInvitation(owner.organizationUri(), invitation.uri().toString()).block().status())
        .isEqualTo(OrganizationInvitation.Status.REVOKED);

    calendly.organizations().removeMembership(theMember.uri().toString()).block();
    assertThat(catchThrowableOfType(CalendlyException.class,
            () -> calendly.organizations().getMembership(theMember.uri().toString()).block()))
        .isInstanceOf(CalendlyException.NotFound.class);
    assertThat(catchThrowableOfType(CalendlyException.class,
            () -> as(member).users().me().block()))
        .as("a removed member's own token still works: removal ends membership, not the account")
        .isNull();
  }

  @Test
  void webhookSubscriptions() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyClient calendly = as(owner);
    NewWebhookSubscription request =
        NewWebhookSubscription.forOrganization("https://hooks.example.org/calendly", List.of("invitee.created", "invitee.canceled"), owner.organizationUri());

    WebhookSubscription created = calendly.webhooks().create(request).block();
    assertThat(calendly.webhooks().listAll(WebhookQuery.ofOrganization(owner.organizationUri())).map(WebhookSubscription::uri).collectList().block())
        .contains(created.uri());
    assertThat(calendly.webhooks().get(created.uri().toString()).block().events())
        .containsExactlyInAnyOrder("invitee.created", "invitee.canceled");
    assertThat(catchThrowableOfType(CalendlyException.class, () -> calendly.webhooks().create(request).block()))
        .isInstanceOf(CalendlyException.Conflict.class);
    calendly.webhooks().delete(created.uri().toString()).block();
    assertThat(catchThrowableOfType(CalendlyException.class, () -> calendly.webhooks().get(created.uri().toString()).block()))
        .isInstanceOf(CalendlyException.NotFound.class);
  }

  @Test
  void dataComplianceNeedsEnterprise() {
    as(sandbox.user(Plan.ENTERPRISE, Role.OWNER)).dataCompliance().deleteInviteeData(List.of("gone@example.org")).block();

    assertThat(catchThrowableOfType(CalendlyException.class,
            () -> as(sandbox.user(Plan.TEAMS, Role.OWNER)).dataCompliance().deleteInviteeData(List.of("gone@example.org")).block()))
        .isInstanceOf(CalendlyException.PermissionDenied.class);
  }

  @Test
  void paginationWalksEveryPageInTheSameOrderAsOneBigPage() {
    SeededUser owner = sandbox.user(Plan.ENTERPRISE, Role.OWNER);
    CalendlyClient calendly = as(owner);
    ScheduledEventQuery query = ScheduledEventQuery.forOrganization(URI.create(owner.organizationUri()));

    List<URI> byFives = calendly.scheduledEvents().listAll(query, 5).map(ScheduledEvent::uri).collectList().block();
    List<URI> inOne = calendly.scheduledEvents().list(query, PageRequest.first(100)).block().collection()
        .stream().map(ScheduledEvent::uri).toList();

    assertThat(byFives).hasSizeGreaterThan(10).isEqualTo(inOne);
  }

  @Test
  void everyDocumentedErrorMapsToItsType() {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    SeededUser free = sandbox.user(Plan.FREE, Role.USER);

    assertThat(catchThrowableOfType(CalendlyException.class, () -> as("sbx_pat_not_a_real_token").users().me().block()))
        .isInstanceOf(CalendlyException.Unauthenticated.class);

    String narrow = sandbox.issueToken(teams.userUri(), Set.of("users:read"));
    CalendlyException noScope = catchThrowableOfType(CalendlyException.class,
        () -> as(narrow).eventTypes().list(EventTypeQuery.forUser(URI.create(teams.userUri())), PageRequest.FIRST).block());
    assertThat(noScope).isInstanceOf(CalendlyException.PermissionDenied.class);
    assertThat(noScope.getMessage()).contains("event_types:read");

    CalendlyClient freeClient = as(free);
    assertThat(catchThrowableOfType(CalendlyException.class, () -> freeClient.webhooks()
            .create(NewWebhookSubscription.forUser("https://hooks.example.org/recaps", List.of("meeting_recap.created"),
                free.organizationUri(), free.userUri()))
            .block()))
        .as("meeting recap events need a plan with the feature")
        .isInstanceOf(CalendlyException.PermissionDenied.class);

    assertThat(catchThrowableOfType(CalendlyException.class, () -> as(teams).eventTypes().get("AAAAAAAAAAAAAAAA").block()))
        .isInstanceOf(CalendlyException.NotFound.class);

    Instant from = soon();
    CalendlyException tooLong = catchThrowableOfType(CalendlyException.class, () -> as(teams).availability()
        .eventTypeAvailableTimes(firstOneOnOne(as(teams), URI.create(teams.userUri())).uri().toString(), from, from.plus(Duration.ofDays(32)))
        .block());
    assertThat(tooLong).isInstanceOf(CalendlyException.BadRequest.class);
    assertThat(((CalendlyException.BadRequest) tooLong).details()).isNotEmpty();

    SeededUser limited = sandbox.user(Plan.STANDARD, Role.USER);
    sandbox.setUserRateLimit(limited.userUri(), 2);
    try {
      as(limited).users().me().block();
      as(limited).users().me().block();
      CalendlyException over = catchThrowableOfType(CalendlyException.class, () -> as(limited).users().me().block());
      assertThat(over).isInstanceOf(CalendlyException.RateLimited.class);
      assertThat(((CalendlyException.RateLimited) over).waitHint()).isPresent();
    } finally {
      sandbox.clearUserRateLimit(limited.userUri());
    }
  }
}
