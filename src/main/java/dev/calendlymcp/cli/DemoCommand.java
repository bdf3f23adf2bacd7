package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code calendly-mcp demo}: a scripted scheduling session against the embedded sandbox, printed
 * step by step: who am I, find open times over the next 30 days, book, reschedule (book the new
 * slot, then cancel the old one), cancel. Needs no Calendly account.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a scripted scheduling session against the embedded sandbox and print each step.")
final class DemoCommand implements Callable<Integer> {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
        CalendlyHttp http = CalendlyHttp.create(sandboxConfig(sandbox))) {
      SeededUser host = sandbox.user(Plan.TEAMS, Role.OWNER);
      CalendlyClient calendly = CalendlyClient.create(http, AccessToken.of(host.token()), ClientOptions.defaults());
      out.printf("calendly-mcp %s demo on the embedded sandbox at %s%n%n", Version.current(), sandbox.apiBaseUrl());

      User me = calendly.users().me().block();
      ZoneId zone = ZoneId.of(me.timezone());
      step(out, "whoami", "%s <%s>, time zone %s", me.name(), me.email(), me.timezone());

      EventType type =
          calendly.eventTypes().listAll(EventTypeQuery.forUser(me.uri()).active(true), 100)
              .filter(t -> t.poolingType() == null)
              .blockFirst();
      step(out, "event type", "%s (%d min) %s", type.name(), type.duration(), type.schedulingUrl());

      Instant from = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
      List<EventTypeAvailableTime> slots =
          calendly.availability()
              .eventTypeAvailableTimes(type.uri().toString(), from, from.plus(Duration.ofDays(30)))
              .block();
      step(out, "find times", "%d open slots in the next 30 days; first: %s", slots.size(),
          slots.stream().limit(3).map(s -> WHEN.format(s.startTime().atZone(zone))).toList());

      Invitee booked = book(calendly, type.uri(), slots.get(0).startTime());
      step(out, "book", "%s for %s at %s", booked.name(), booked.email(), WHEN.format(slots.get(0).startTime().atZone(zone)));

      Invitee moved = book(calendly, type.uri(), slots.get(1).startTime());
      calendly.scheduledEvents().cancel(booked.event().toString(), "Rescheduled by the demo").block();
      step(out, "reschedule", "booked %s first, then canceled %s", WHEN.format(slots.get(1).startTime().atZone(zone)),
          WHEN.format(slots.get(0).startTime().atZone(zone)));

      calendly.scheduledEvents().cancel(moved.event().toString(), "Demo finished").block();
      List<ScheduledEvent> left =
          calendly.scheduledEvents()
              .listAll(ScheduledEventQuery.forUser(me.uri()).inviteeEmail(booked.email()).status(EventStatus.ACTIVE), 20)
              .collectList()
              .block();
      step(out, "cancel", "canceled; %d active meetings left with %s", left.size(), booked.email());
      out.println();
      out.println("Done. Next: the same session through the MCP server, with your own token.");
      out.flush();
      return 0;
    }
  }

  private static Invitee book(CalendlyClient calendly, URI eventType, Instant start) {
    return calendly.scheduling()
        .createInvitee(
            new CreateInviteeRequest(
                eventType, start, CreateInviteeRequest.Person.named("Robin Demo", "robin.demo@example.org", "Europe/London"),
                null, null, null, null))
        .block();
  }

  private static CalendlyConfig sandboxConfig(Sandbox sandbox) {
    return CalendlyConfig.defaults()
        .withApiBaseUrl(URI.create(sandbox.apiBaseUrl()))
        .withAuthBaseUrl(URI.create(sandbox.authBaseUrl()));
  }

  private static void step(PrintWriter out, String name, String format, Object... args) {
    out.printf("%-12s %s%n", name, String.format(format, args));
    out.flush();
  }
}
