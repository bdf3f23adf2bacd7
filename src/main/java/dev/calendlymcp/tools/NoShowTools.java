package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.model.Invitee;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** In the {@code invitees} toolset: marking who did not attend, and taking the mark back. */
public final class NoShowTools {

  private NoShowTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(markNoShow());
  }

  static ToolDefinition markNoShow() {
    return ToolDefinition.builder("mark_no_show")
        .title("Mark invitee as no-show")
        .description("Mark an invitee of a meeting that has started as a no-show, or with undo=true take the mark back."
            + " Safe to repeat: an invitee already in the asked state is left as is. Pass the invitee's URI"
            + " from list_event_invitees.")
        .toolset(Toolset.INVITEES)
        .hints(ToolHints.write(false, true))
        .input(Schema.object()
            .required("invitee", Lookups.reference("The invitee's URI (…/scheduled_events/…/invitees/…)."))
            .optional("undo", Schema.bool().defaultValue(false).description("true removes the no-show mark."))
            .closed())
        .output(Schema.object()
            .required("invitee_uri", Schema.string().description("The invitee."))
            .required("no_show", Schema.bool().description("Whether the invitee is now marked as a no-show."))
            .required("no_show_uri", Schema.string().nullable().description("The mark's URI while marked."))
            .required("marked_at", Schema.string().nullable().format(Schema.DATE_TIME).description("When it was marked."))
            .required("changed", Schema.bool().description("false when the invitee was already in that state.")))
        .handler(NoShowTools::mark)
        .build();
  }

  private static Mono<ToolResult> mark(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    String uri = arguments.requiredString("invitee");
    boolean undo = arguments.bool("undo").orElse(false);
    return client.scheduledEvents().getInvitee(uri).flatMap(invitee -> {
      String who = invitee.name() == null ? "The invitee" : invitee.name();
      if (undo) {
        if (invitee.noShow() == null) {
          return Mono.just(render(invitee, null, null, false, who + " was not marked as a no-show; nothing to undo."));
        }
        return client.noShows().undo(invitee.noShow().uri().toString())
            .thenReturn(render(invitee, null, null, true, who + " is no longer marked as a no-show."));
      }
      if (invitee.noShow() != null) {
        return Mono.just(render(invitee, Lookups.text(invitee.noShow().uri()), Lookups.text(invitee.noShow().createdAt()),
            false, who + " was already marked as a no-show."));
      }
      return client.noShows().mark(Lookups.text(invitee.uri()))
          .map(mark -> render(invitee, Lookups.text(mark.uri()), Lookups.text(mark.createdAt()), true,
              who + " is now marked as a no-show (undo with undo=true)."));
    });
  }

  private static ToolResult render(Invitee invitee, String markUri, String markedAt, boolean changed, String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("invitee_uri", Lookups.text(invitee.uri()));
    out.put("no_show", markUri != null);
    out.put("no_show_uri", markUri);
    out.put("marked_at", markedAt);
    out.put("changed", changed);
    return new ToolResult(out, text);
  }
}
