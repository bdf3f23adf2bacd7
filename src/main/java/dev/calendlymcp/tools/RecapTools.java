package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.MeetingRecapsApi;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.MeetingRecap;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.Transcript;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code recaps} toolset: Notetaker recaps of meetings (summary, action items, discussion,
 * transcript), editing and deleting them, and {@code whats_next}, which answers "what is next and
 * with whom" in one call, with the last recap of each person to prepare from. Recaps need a paid
 * plan; without one, {@code whats_next} still lists the meetings and says why recaps are missing.
 */
public final class RecapTools {

  private static final String PAID =
      "Meeting recaps need a paid Calendly plan with Notetaker and the meeting_recaps scopes; tell the user.";
  /** How far back whats_next looks for earlier recaps with the same people. */
  static final Duration RECAP_LOOKBACK = Duration.ofDays(90);
  /** A meeting that began this recently still counts as next: it may be in progress. */
  static final Duration IN_PROGRESS = Duration.ofMinutes(30);
  private static final int MAX_RECAPS_SCANNED = 100;

  private RecapTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(whatsNext(), getMeetingRecap(), updateMeetingRecap(), deleteMeetingRecap());
  }

  // ---- whats_next

  static ToolDefinition whatsNext() {
    return ToolDefinition.builder("whats_next")
        .title("What's next")
        .description(
            "Your next meetings in one call: when, where, who with (name, email, no-show mark), and"
                + " for each person the summary of your latest recap with them, to prepare from."
                + " Includes a meeting that started in the last 30 minutes.")
        .toolset(Toolset.RECAPS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("count", Schema.integer().minimum(1).maximum(10).defaultValue(5)
                .description("How many meetings, 1-10."))
            .optional("within_days", Schema.integer().minimum(1).maximum(30).defaultValue(7)
                .description("How many days ahead to look."))
            .closed())
        .output(Schema.object()
            .field("meetings", Schema.array(Schema.object()
                .field("event", Schema.string())
                .field("name", Schema.string().nullable())
                .field("start_time", Schema.string().format(Schema.DATE_TIME))
                .field("end_time", Schema.string().format(Schema.DATE_TIME))
                .field("location", Schema.string().nullable())
                .field("join_url", Schema.string().nullable())
                .field("invitees", Schema.array(Schema.object()
                    .field("name", Schema.string().nullable())
                    .field("email", Schema.string().nullable())
                    .field("no_show", Schema.bool().description("Whether the host marked them absent."))))
                .field("recap", Schema.string().nullable().description("This meeting's recap URI, once written."))
                .field("previous_recap", recapBriefSchema().nullable()
                    .description("Your latest earlier recap with one of these invitees."))))
            .field("recaps_note", Schema.string().nullable().description("Why recaps are missing, when they are.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          int count = arguments.integer("count").map(Long::intValue).orElse(5);
          int days = arguments.integer("within_days").map(Long::intValue).orElse(7);
          Instant now = context.clock().instant();
          return client.users().me().flatMap(me -> {
            ScheduledEventQuery query = ScheduledEventQuery.forUser(me.uri())
                .status(EventStatus.ACTIVE)
                .minStartTime(now.minus(IN_PROGRESS))
                .maxStartTime(now.plus(Duration.ofDays(days)))
                .sort("start_time:asc");
            Mono<List<Meeting>> meetings = client.scheduledEvents().list(query, PageRequest.first(count))
                .flatMapMany(page -> Flux.fromIterable(page.collection()))
                .flatMapSequential(event -> client.scheduledEvents()
                    .listInvitees(event.uri().toString(), InviteeQuery.all(), PageRequest.first(50))
                    .map(invitees -> new Meeting(event, invitees.collection())), 4)
                .collectList();
            Mono<Recaps> recaps = client.meetingRecaps()
                .list(new MeetingRecapsApi.Query(null, me.uri(), null, null, null, now.minus(RECAP_LOOKBACK), null),
                    PageRequest.first(MAX_RECAPS_SCANNED))
                .map(page -> new Recaps(page.collection(), null))
                .onErrorResume(CalendlyException.PermissionDenied.class,
                    e -> Mono.just(new Recaps(List.of(), "Recaps unavailable: " + e.getMessage() + ".")));
            return Mono.zip(meetings, recaps).map(both -> nextAnswer(both.getT1(), both.getT2()));
          });
        })
        .build();
  }

  private record Meeting(ScheduledEvent event, List<Invitee> invitees) {}

  private record Recaps(List<MeetingRecap> recaps, String note) {}

  private static ToolResult nextAnswer(List<Meeting> meetings, Recaps recaps) {
    List<MeetingRecap> newestFirst = recaps.recaps().stream()
        .sorted(Comparator.comparing(MeetingRecap::startTime, Comparator.nullsLast(Comparator.reverseOrder())))
        .toList();
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder(meetings.isEmpty() ? "Nothing scheduled in that window."
        : "Next " + (meetings.size() == 1 ? "meeting:" : meetings.size() + " meetings:"));
    for (Meeting meeting : meetings) {
      ScheduledEvent event = meeting.event();
      List<Invitee> people = meeting.invitees().stream().filter(i -> i.status() != EventStatus.CANCELED).toList();
      Optional<MeetingRecap> own = newestFirst.stream().filter(r -> event.uri().equals(r.event())).findFirst();
      Optional<MeetingRecap> previous = newestFirst.stream()
          .filter(r -> !event.uri().equals(r.event()))
          .filter(r -> r.attendees().stream().anyMatch(a -> people.stream()
              .anyMatch(p -> p.email() != null && p.email().equalsIgnoreCase(a.email()))))
          .findFirst();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("event", Lookups.text(event.uri()));
      item.put("name", event.name());
      item.put("start_time", Lookups.text(event.startTime()));
      item.put("end_time", Lookups.text(event.endTime()));
      item.put("location", event.location() == null ? null : event.location().location());
      item.put("join_url", event.location() == null ? null : event.location().joinUrl());
      item.put("invitees", people.stream().map(p -> {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("name", p.name());
        person.put("email", p.email());
        person.put("no_show", p.noShow() != null);
        return person;
      }).toList());
      item.put("recap", own.map(r -> Lookups.text(r.uri())).orElse(null));
      item.put("previous_recap", previous.map(RecapTools::brief).orElse(null));
      items.add(item);
      text.append("\n- ").append(event.startTime()).append(" ").append(event.name()).append(" with ")
          .append(people.isEmpty() ? "nobody yet" : String.join(", ", people.stream()
              .map(p -> p.name() + (p.noShow() != null ? " (no-show)" : "")).toList()));
      previous.ifPresent(r -> text.append("; last recap ").append(r.startTime()).append(": ")
          .append(firstLine(r.summaryMd())));
    }
    if (recaps.note() != null) {
      text.append("\n").append(recaps.note());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("meetings", items);
    out.put("recaps_note", recaps.note());
    return new ToolResult(out, text.toString());
  }

  private static String firstLine(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "(no summary)";
    }
    String line = markdown.strip().split("\n", 2)[0].replaceFirst("^[-*#\\s]+", "");
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }

  // ---- get / update / delete

  static ToolDefinition getMeetingRecap() {
    return ToolDefinition.builder("get_meeting_recap")
        .title("Meeting recap")
        .description(
            "Read a Notetaker recap: summary, action items and discussion in Markdown, and with"
                + " include_transcript the full transcript. Pass the recap, or a scheduled event, or an"
                + " attendee's email for your latest recap with them; nothing gives your latest recap.")
        .toolset(Toolset.RECAPS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("recap", Lookups.reference("The recap's URI or UUID."))
            .optional("event", Lookups.reference("A scheduled event's URI, for its recap."))
            .optional("attendee", Schema.string().format(Schema.EMAIL).maxLength(254)
                .description("An attendee's email, for your latest recap with them."))
            .optional("include_transcript", Schema.bool().defaultValue(false).description("Also return the transcript."))
            .closed())
        .output(Schema.object()
            .field("recap", recapSchema().nullable())
            .field("transcript", Schema.string().nullable()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          boolean withTranscript = arguments.bool("include_transcript").orElse(false);
          return findRecap(client, arguments)
              .flatMap(found -> found.recap() == null
                  ? Mono.just(noRecap(found.processing()))
                  : (withTranscript
                      ? client.meetingRecaps().transcript(found.recap().uri().toString())
                          .map(Optional::of)
                          .onErrorResume(CalendlyException.NotFound.class, e -> Mono.just(Optional.empty()))
                      : Mono.just(Optional.<Transcript>empty()))
                      .map(transcript -> recapAnswer(found.recap(), transcript, withTranscript)))
              .transform(Lookups.onRefusal(PAID));
        })
        .build();
  }

  private record Found(MeetingRecap recap, boolean processing) {}

  private static Mono<Found> findRecap(CalendlyClient client, ToolArguments arguments) {
    Optional<String> recap = arguments.string("recap");
    if (recap.isPresent()) {
      return client.meetingRecaps().get(recap.get()).map(r -> new Found(r, false));
    }
    Optional<String> event = arguments.string("event");
    Optional<String> attendee = arguments.string("attendee");
    return client.users().me().flatMap(me -> {
      URI eventUri = event.map(e -> URI.create(e.strip())).orElse(null);
      MeetingRecapsApi.Query query = new MeetingRecapsApi.Query(
          eventUri, eventUri == null ? me.uri() : null, null, attendee.orElse(null), null, null, null);
      return client.meetingRecaps().list(query, PageRequest.first(MAX_RECAPS_SCANNED))
          .flatMap(page -> {
            Optional<MeetingRecap> newest = page.collection().stream()
                .max(Comparator.comparing(MeetingRecap::startTime, Comparator.nullsFirst(Comparator.naturalOrder())));
            if (newest.isPresent() || eventUri == null) {
              return Mono.just(new Found(newest.orElse(null), false));
            }
            // Calendly lists only available recaps unless asked: say when one is still being written.
            MeetingRecapsApi.Query processing = new MeetingRecapsApi.Query(
                eventUri, null, null, null, "processing", null, null);
            return client.meetingRecaps().list(processing, PageRequest.first(1))
                .map(p -> new Found(null, !p.collection().isEmpty()));
          });
    });
  }

  private static ToolResult noRecap(boolean processing) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("recap", null);
    out.put("transcript", null);
    return new ToolResult(out, processing
        ? "The recap of that meeting is still being written; try again in a few minutes."
        : "No recap found. Notetaker writes one only for meetings it joined.");
  }

  private static ToolResult recapAnswer(MeetingRecap recap, Optional<Transcript> transcript, boolean asked) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("recap", recap(recap));
    out.put("transcript", transcript.map(Transcript::text).orElse(null));
    StringBuilder text = new StringBuilder("Recap of \"" + recap.title() + "\" (" + recap.startTime() + ") "
        + recap.uri() + "\n## Summary\n" + Optional.ofNullable(recap.summaryMd()).orElse("(none)")
        + "\n## Action items\n" + Optional.ofNullable(recap.actionItemsMd()).orElse("(none)")
        + "\n## Discussion\n" + Optional.ofNullable(recap.discussionMd()).orElse("(none)"));
    if (asked) {
      text.append("\n## Transcript\n").append(transcript.map(Transcript::text).orElse("(no transcript available)"));
    }
    return new ToolResult(out, text.toString());
  }

  static ToolDefinition updateMeetingRecap() {
    return ToolDefinition.builder("update_meeting_recap")
        .title("Edit meeting recap")
        .description(
            "Replace the summary, action items or discussion of a recap (Markdown); fields left out"
                + " stay as they are. The old text is overwritten, so read it with get_meeting_recap first.")
        .toolset(Toolset.RECAPS)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("recap", Lookups.reference("The recap's URI or UUID."))
            .optional("summary_md", Schema.string().maxLength(20_000).description("The new summary."))
            .optional("action_items_md", Schema.string().maxLength(20_000).description("The new action items."))
            .optional("discussion_md", Schema.string().maxLength(20_000).description("The new discussion notes."))
            .closed())
        .output(Schema.object().field("recap", recapSchema()))
        .handler((arguments, context) -> context.calendly().client().meetingRecaps()
            .update(arguments.requiredString("recap"), new MeetingRecapsApi.Update(
                arguments.string("summary_md").orElse(null), arguments.string("action_items_md").orElse(null),
                arguments.string("discussion_md").orElse(null)))
            .map(recap -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("recap", recap(recap));
              return new ToolResult(out, "Updated the recap of \"" + recap.title() + "\" " + recap.uri());
            })
            .transform(Lookups.onRefusal(PAID)))
        .build();
  }

  static ToolDefinition deleteMeetingRecap() {
    return ToolDefinition.builder("delete_meeting_recap")
        .title("Delete meeting recap")
        .description(
            "Permanently delete a recap and its transcript. It cannot be undone, so confirm with the"
                + " user first.")
        .toolset(Toolset.RECAPS)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("recap", Lookups.reference("The recap's URI or UUID."))
            .closed())
        .output(Schema.object().field("deleted", Schema.bool().description("Always true.")))
        .handler((arguments, context) -> context.calendly().client().meetingRecaps()
            .delete(arguments.requiredString("recap"))
            .then(Mono.fromCallable(() -> new ToolResult(Map.of("deleted", true), "Deleted the recap.")))
            .transform(Lookups.onRefusal(PAID)))
        .build();
  }

  // ---- shapes

  private static Schema recapBriefSchema() {
    return Schema.object()
        .field("uri", Schema.string())
        .field("title", Schema.string().nullable())
        .field("start_time", Schema.string().nullable())
        .field("summary_md", Schema.string().nullable());
  }

  private static Map<String, Object> brief(MeetingRecap recap) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(recap.uri()));
    out.put("title", recap.title());
    out.put("start_time", Lookups.text(recap.startTime()));
    out.put("summary_md", recap.summaryMd());
    return out;
  }

  private static Schema recapSchema() {
    return Schema.object()
        .field("uri", Schema.string())
        .field("status", Schema.string().nullable().description("available, processing or unavailable."))
        .field("event", Schema.string().nullable().description("The scheduled event; null for an external meeting."))
        .field("title", Schema.string().nullable())
        .field("start_time", Schema.string().nullable())
        .field("end_time", Schema.string().nullable())
        .field("attendees", Schema.array(Schema.object()
            .field("name", Schema.string().nullable())
            .field("email", Schema.string().nullable())))
        .field("summary_md", Schema.string().nullable())
        .field("action_items_md", Schema.string().nullable())
        .field("discussion_md", Schema.string().nullable());
  }

  private static Map<String, Object> recap(MeetingRecap recap) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(recap.uri()));
    out.put("status", recap.status() == null ? null : recap.status().toLowerCase(Locale.ROOT));
    out.put("event", Lookups.text(recap.event()));
    out.put("title", recap.title());
    out.put("start_time", Lookups.text(recap.startTime()));
    out.put("end_time", Lookups.text(recap.endTime()));
    out.put("attendees", recap.attendees().stream().map(a -> {
      Map<String, Object> attendee = new LinkedHashMap<>();
      attendee.put("name", a.name());
      attendee.put("email", a.email());
      return attendee;
    }).toList());
    out.put("summary_md", recap.summaryMd());
    out.put("action_items_md", recap.actionItemsMd());
    out.put("discussion_md", recap.discussionMd());
    return out;
  }
}
