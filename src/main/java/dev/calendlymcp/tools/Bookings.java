package dev.calendlymcp.tools;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.User;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * Books meetings without ever booking one twice. Every booking has an idempotency record, keyed
 * by the caller's {@code idempotency_key} or else by (acting user, event type, start, invitee
 * email), remembered for a day:
 *
 * <ul>
 *   <li>an identical call while the first is in flight joins it instead of sending its own {@code
 *       POST /invitees};
 *   <li>an identical call after it succeeded gets the same booking back (after checking that it
 *       was not canceled meanwhile);
 *   <li>when Calendly's answer is lost (timeout, broken connection, unreadable body) the booking
 *       is looked up, never sent again, because Calendly may have made it;
 *   <li>a slot that turns out to be taken is checked for a booking of this very invitee, which is
 *       what a retry after a lost answer finds when the record is gone (another process, a
 *       restart).
 * </ul>
 *
 * <p>Once sent, a booking runs to its end even if the caller stops waiting (the client cancels or
 * the tool times out), so its outcome lands in the record for the retry that follows.
 */
final class Bookings {

  private static final Logger log = LoggerFactory.getLogger(Bookings.class);

  /** How far around the wanted start the slot check looks, to offer alternatives if it is gone. */
  private static final Duration AROUND = Duration.ofHours(4);

  /**
   * @param remember how long a booking's idempotency record lives
   * @param maxRemembered at most this many records are kept
   * @param reconcileLookups how many times a booking whose answer was lost is looked up
   * @param reconcileSpacing the wait between those lookups, for a booking Calendly is still making
   */
  record Settings(Duration remember, int maxRemembered, int reconcileLookups, Duration reconcileSpacing) {
    Settings {
      Objects.requireNonNull(remember, "remember");
      Objects.requireNonNull(reconcileSpacing, "reconcileSpacing");
      if (maxRemembered < 1 || reconcileLookups < 1) {
        throw new IllegalArgumentException("maxRemembered and reconcileLookups must be at least 1");
      }
    }

    static Settings defaults() {
      return new Settings(Duration.ofHours(24), 10_000, 4, Duration.ofSeconds(1));
    }
  }

  /** What to book; the event type is already resolved and the arguments checked. */
  record Request(
      EventType eventType,
      Instant start,
      CreateInviteeRequest.Person invitee,
      CreateInviteeRequest.Location location,
      List<QuestionAndAnswer> answers,
      List<String> guests,
      String idempotencyKey) {}

  /** How a call came by its booking. */
  enum Outcome {
    /** This call booked it. */
    BOOKED,
    /** An identical earlier or concurrent call had booked it; nothing new was booked. */
    ALREADY_BOOKED,
    /** Calendly's answer was lost, and the booking was found by looking it up. */
    RECOVERED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A booking as the tools report it. */
  record Booked(
      Outcome outcome,
      URI eventUri,
      URI inviteeUri,
      URI eventTypeUri,
      String eventName,
      Instant start,
      Instant end,
      String inviteeName,
      String inviteeEmail,
      String inviteeTimezone,
      URI cancelUrl,
      URI rescheduleUrl) {

    Booked as(Outcome value) {
      return new Booked(value, eventUri, inviteeUri, eventTypeUri, eventName, start, end, inviteeName,
          inviteeEmail, inviteeTimezone, cancelUrl, rescheduleUrl);
    }
  }

  /** One booking's record: in flight until {@link #done} is set or the attempt fails. */
  private static final class Attempt {
    final String fingerprint;
    final Sinks.One<Booked> result = Sinks.one();
    volatile Booked done;

    Attempt(String fingerprint) {
      this.fingerprint = fingerprint;
    }
  }

  private final Settings settings;
  private final OnFirstUse<Cache<String, Attempt>> attempts;

  Bookings(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.attempts =
        new OnFirstUse<>(() -> Caffeine.newBuilder()
            .expireAfterWrite(settings.remember())
            .maximumSize(settings.maxRemembered())
            .build());
  }

  /**
   * Books {@code request} for the user {@code me} acts as, or returns the booking an identical
   * call made.
   *
   * @param now the server's clock, for the slot check
   * @param cancellation completes when the caller cancels; stops the booking only before it is sent
   */
  Mono<Booked> book(CalendlyClient client, User me, Request request, Instant now, Mono<Void> cancellation) {
    return Mono.defer(() -> book(client, me, request, now, cancellation, true));
  }

  private Mono<Booked> book(
      CalendlyClient client, User me, Request request, Instant now, Mono<Void> cancellation, boolean verifyOld) {
    String email = request.invitee().email().toLowerCase(Locale.ROOT);
    String fingerprint = sha256(me.uri() + "|" + request.eventType().uri() + "|" + request.start() + "|" + email);
    String key = request.idempotencyKey() == null
        ? "auto:" + fingerprint
        : "key:" + me.uri() + "|" + request.idempotencyKey();
    Attempt fresh = new Attempt(fingerprint);
    Attempt attempt = attempts.get().asMap().compute(key, (k, existing) -> existing == null ? fresh : existing);
    if (!attempt.fingerprint.equals(fingerprint)) {
      return Mono.error(new ToolFailure("idempotency_key '" + request.idempotencyKey() + "' was already used"
          + " for a different booking (another event type, start time or invitee). Nothing was booked;"
          + " use a new idempotency_key for a new booking."));
    }
    if (attempt == fresh) {
      return Mono.deferContextual(
          context -> {
            Mono<Booked> work =
                attempt(client, me, request, now, cancellation)
                    .doOnNext(booked -> attempt.done = booked)
                    .doOnError(error -> attempts.get().asMap().remove(key, attempt))
                    .contextWrite(Context.of(context));
            work.subscribe(
                booked -> attempt.result.tryEmitValue(booked),
                error -> attempt.result.tryEmitError(error));
            return attempt.result.asMono();
          });
    }
    Booked done = attempt.done;
    if (done == null) {
      return attempt.result.asMono().map(booked -> booked.as(Outcome.ALREADY_BOOKED));
    }
    if (!verifyOld) {
      return Mono.just(done.as(Outcome.ALREADY_BOOKED));
    }
    // The record may be older than a cancellation made elsewhere (the Calendly app, another agent).
    return client.scheduledEvents().get(done.eventUri().toString())
        .contextWrite(CacheMode.bypass())
        .flatMap(event -> {
          if (event.status() == EventStatus.ACTIVE) {
            return Mono.just(done.as(Outcome.ALREADY_BOOKED));
          }
          attempts.get().asMap().remove(key, attempt);
          return book(client, me, request, now, cancellation, false);
        });
  }

  /** The slot check, then the booking: one attempt, whose outcome the record keeps. */
  private Mono<Booked> attempt(
      CalendlyClient client, User me, Request request, Instant now, Mono<Void> cancellation) {
    return checkSlot(client, me, request, now)
        .map(existing -> new Checked(existing))
        .switchIfEmpty(Mono.fromSupplier(() -> new Checked(null)))
        .takeUntilOther(cancellation)
        .switchIfEmpty(Mono.error(() -> new ToolFailure(
            "The client cancelled book_meeting before the booking was sent; nothing was booked.")))
        .flatMap(checked -> checked.existing() != null ? Mono.just(checked.existing()) : send(client, me, request));
  }

  private record Checked(Booked existing) {}

  /**
   * Empty when the slot is still free; the invitee's own booking when the slot is taken by it; a
   * {@link ToolFailure} with the nearest open times when someone else took it.
   */
  private Mono<Booked> checkSlot(CalendlyClient client, User me, Request request, Instant now) {
    Instant start = request.start();
    Instant from = start.minus(AROUND);
    Instant soonest = now.plusSeconds(1);
    if (from.isBefore(soonest)) {
      from = soonest.isBefore(start) ? soonest : start;
    }
    return client.availability()
        .eventTypeAvailableTimes(request.eventType().uri().toString(), from, start.plus(AROUND))
        .contextWrite(CacheMode.bypass())
        .flatMap(slots -> {
          if (slots.stream().anyMatch(slot -> start.equals(slot.startTime()))) {
            return Mono.empty();
          }
          return findExisting(client, me, request.eventType(), start, request.invitee().email())
              .map(found -> found.as(Outcome.ALREADY_BOOKED))
              .switchIfEmpty(Mono.error(() -> slotTaken(request, slots)));
        });
  }

  private static ToolFailure slotTaken(Request request, List<EventTypeAvailableTime> slots) {
    Instant start = request.start();
    String nearest = slots.stream()
        .map(EventTypeAvailableTime::startTime)
        .filter(Objects::nonNull)
        .sorted((a, b) -> Long.compare(
            Math.abs(Duration.between(start, a).toSeconds()), Math.abs(Duration.between(start, b).toSeconds())))
        .limit(3)
        .sorted()
        .map(Instant::toString)
        .collect(Collectors.joining(", "));
    return new ToolFailure(start + " is not an open time of '" + request.eventType().name()
        + "' (taken, or outside its availability); nothing was booked."
        + (nearest.isEmpty() ? "" : " Open times nearby: " + nearest + ".")
        + " Call find_available_times for other times.");
  }

  private Mono<Booked> send(CalendlyClient client, User me, Request request) {
    CreateInviteeRequest body = CreateInviteeRequest.of(request.eventType().uri(), request.start(), request.invitee())
        .withLocation(request.location())
        .withQuestionsAndAnswers(request.answers().isEmpty() ? null : request.answers())
        .withEventGuests(request.guests().isEmpty() ? null : request.guests());
    return client.scheduling().createInvitee(body)
        .map(invitee -> booked(Outcome.BOOKED, request.eventType(), request.start(), invitee))
        .doOnNext(booked -> log.info("Booked {} (invitee {})", booked.eventUri(), booked.inviteeUri()))
        .onErrorResume(CalendlyException.class, error -> afterFailure(client, me, request, error));
  }

  private Mono<Booked> afterFailure(CalendlyClient client, User me, Request request, CalendlyException error) {
    String email = request.invitee().email();
    if (error instanceof CalendlyException.BadRequest bad
        && bad.details().stream().anyMatch(d -> "start_time".equals(d.parameter()))) {
      // Taken between the check and the booking: perhaps by an earlier attempt of this very call.
      return findExisting(client, me, request.eventType(), request.start(), email)
          .map(found -> found.as(Outcome.ALREADY_BOOKED))
          .switchIfEmpty(Mono.error(() -> new ToolFailure("Calendly refused the booking: " + bad.getMessage()
              + ". Nothing was booked; call find_available_times for open times.", bad)));
    }
    if (error instanceof CalendlyException.BadRequest bad && refusedFor(bad, "location", "")) {
      String kind = request.location() == null ? "its default location" : "location_kind '" + request.location().kind() + "'";
      return Mono.error(new ToolFailure("Calendly refused " + kind + " for '" + request.eventType().name() + "' ("
          + bad.details().stream().map(CalendlyException.FieldError::toString).collect(Collectors.joining("; "))
          + "). When last read, " + BookingTools.offeredKinds(request.eventType())
          + "; get_event_type shows its locations now. Nothing was booked.", bad));
    }
    if (error instanceof CalendlyException.BadRequest bad && refusedFor(bad, "event_type", "active")) {
      return Mono.error(new ToolFailure(EventTypeTools.inactive(request.eventType()) + " Nothing was booked.", bad));
    }
    if (error instanceof CalendlyException.PermissionDenied denied) {
      return Mono.error(new ToolFailure(paidPlanAdvice(denied), denied));
    }
    if (!error.mayHaveBeenPerformed()) {
      return Mono.error(error);
    }
    log.warn("The answer to a booking was lost ({}); looking the booking up instead of sending it again",
        error.getClass().getSimpleName());
    return lookUp(client, me, request, settings.reconcileLookups())
        .map(found -> found.as(Outcome.RECOVERED))
        .onErrorMap(lookup -> !(lookup instanceof ToolFailure), lookup -> new ToolFailure(
            "Calendly's answer to the booking was lost (" + error.getMessage() + ") and looking the booking up"
                + " failed too (" + lookup.getMessage() + "). It may or may not exist: check with"
                + " list_scheduled_events (invitee " + email + ", start " + request.start()
                + ") before booking again.", lookup))
        .switchIfEmpty(Mono.error(() -> new ToolFailure(
            "Calendly's answer to the booking was lost (" + error.getMessage() + "), and no booking of " + email
                + " at " + request.start() + " exists after " + settings.reconcileLookups()
                + " lookups, so it was not made. Calling book_meeting again is safe: it checks the slot"
                + " and looks for this booking first.", error)));
  }

  /**
   * Whether Calendly named {@code parameter} (or a field of it, e.g. location.kind) as the problem,
   * in words containing {@code wording}.
   */
  private static boolean refusedFor(CalendlyException.BadRequest bad, String parameter, String wording) {
    return bad.details().stream().anyMatch(d -> d.parameter() != null
        && (d.parameter().equals(parameter) || d.parameter().startsWith(parameter + "."))
        && (d.message() == null ? "" : d.message()).toLowerCase(Locale.ROOT).contains(wording));
  }

  /** Looks the booking up, again after a pause while it is not found, {@code times} in all. */
  private Mono<Booked> lookUp(CalendlyClient client, User me, Request request, int times) {
    return findExisting(client, me, request.eventType(), request.start(), request.invitee().email())
        .switchIfEmpty(Mono.defer(() -> times <= 1
            ? Mono.empty()
            : Mono.delay(settings.reconcileSpacing()).then(lookUp(client, me, request, times - 1))));
  }

  static String paidPlanAdvice(CalendlyException.PermissionDenied denied) {
    String message = denied.calendlyMessage() == null ? "" : denied.calendlyMessage();
    if (message.toLowerCase(Locale.ROOT).contains("scope")) {
      return "Calendly refused the booking: " + message + " Booking needs a token with the"
          + " scheduled_events:write scope; ask the user for such a token, or call create_booking_link"
          + " to get a single-use link the invitee can book with themselves. Nothing was booked.";
    }
    return "Calendly refused the booking: " + (message.isEmpty() ? "403 Permission Denied." : message)
        + " Instead, call create_booking_link and send the invitee the single-use link, so they pick the"
        + " time themselves. Nothing was booked.";
  }

  /**
   * The active booking of {@code email} into {@code eventType} at {@code start}, if there is one:
   * the host's events starting then with that invitee, read fresh from Calendly.
   */
  Mono<Booked> findExisting(CalendlyClient client, User me, EventType eventType, Instant start, String email) {
    URI host = eventType.profile() != null && eventType.profile().owner() != null
        && "User".equalsIgnoreCase(eventType.profile().type())
        ? eventType.profile().owner()
        : me.uri();
    ScheduledEventQuery query = ScheduledEventQuery.forUser(host)
        .inviteeEmail(email)
        .status(EventStatus.ACTIVE)
        .minStartTime(start)
        .maxStartTime(start.plusSeconds(1));
    if (!host.equals(me.uri()) && me.currentOrganization() != null) {
      query = query.organization(me.currentOrganization());
    }
    return client.scheduledEvents().list(query, PageRequest.first(10))
        .contextWrite(CacheMode.bypass())
        .flatMap(page -> Mono.justOrEmpty(page.collection().stream()
            .filter(event -> start.equals(event.startTime()) && sameResource(event.eventType(), eventType.uri()))
            .findFirst()))
        .flatMap(event -> client.scheduledEvents()
            .listInvitees(event.uri().toString(), InviteeQuery.all().email(email).status(EventStatus.ACTIVE),
                PageRequest.first(10))
            .contextWrite(CacheMode.bypass())
            .flatMap(page -> Mono.justOrEmpty(page.collection().stream().findFirst()))
            .map(invitee -> booked(Outcome.ALREADY_BOOKED, eventType, event, invitee)));
  }

  private static Booked booked(Outcome outcome, EventType eventType, Instant start, Invitee invitee) {
    Instant end = eventType.duration() == null ? null : start.plus(Duration.ofMinutes(eventType.duration()));
    return new Booked(outcome, invitee.event(), invitee.uri(), eventType.uri(), eventType.name(), start, end,
        invitee.name(), invitee.email(), invitee.timezone(), invitee.cancelUrl(), invitee.rescheduleUrl());
  }

  private static Booked booked(Outcome outcome, EventType eventType, ScheduledEvent event, Invitee invitee) {
    return new Booked(outcome, event.uri(), invitee.uri(), eventType.uri(),
        event.name() == null ? eventType.name() : event.name(), event.startTime(), event.endTime(),
        invitee.name(), invitee.email(), invitee.timezone(), invitee.cancelUrl(), invitee.rescheduleUrl());
  }

  /** Calendly URIs of one resource may differ in host (a sandbox, localhost); the UUID decides. */
  static boolean sameResource(URI a, URI b) {
    if (a == null || b == null) {
      return a == b;
    }
    String pa = a.getPath();
    String pb = b.getPath();
    return pa != null && pa.equals(pb);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
