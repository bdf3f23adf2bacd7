package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.AvailabilityApi;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * In the {@code availability} toolset: changing the user's own working hours (a user availability
 * schedule, {@code availability:write}). The agent names only the days it changes; the tool reads
 * the schedule and sends every rule back, as Calendly's update replaces the whole rule set.
 */
public final class WorkingHoursTools {

  private static final String SCOPES =
      "Changing working hours needs the availability:write scope, and only your own schedules; tell the user.";

  private WorkingHoursTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(setWorkingHours());
  }

  static ToolDefinition setWorkingHours() {
    return ToolDefinition.builder("set_working_hours")
        .title("Set my working hours")
        .description("Change your working hours (an availability schedule): the weekdays or dates given get the new"
            + " spans, the others stay. Every event type using the schedule offers the new hours at once. With"
            + " new_schedule_name it makes a new schedule from yours instead, used by no event type yet.")
        .toolset(Toolset.AVAILABILITY)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .optional("schedule", Lookups.reference("Schedule name, URI or UUID; leave out for your default."))
            .optional("rules", HoursRuleSchema.rules("unavailable", "Weekdays and dates to set."))
            .optional("timezone", Schema.string().minLength(1).maxLength(64)
                .description("IANA zone; the hours keep their local times."))
            .optional("rename", Schema.string().minLength(1).maxLength(255).description("New schedule name."))
            .optional("make_default", Schema.bool().description("true: event types without a schedule use it."))
            .optional("new_schedule_name", Schema.string().minLength(1).maxLength(255)
                .description("Create a new schedule with this name instead of changing it."))
            .closed())
        .output(ResourceMaps.scheduleSchema())
        .handler(WorkingHoursTools::set)
        .build();
  }

  private static Mono<ToolResult> set(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    List<ToolArguments> given = arguments.objects("rules");
    Optional<String> timezone = arguments.string("timezone");
    Optional<String> newName = arguments.string("new_schedule_name");
    Optional<Boolean> makeDefault = arguments.bool("make_default");
    if (makeDefault.isPresent() && !makeDefault.get()) {
      return Mono.error(new IllegalArgumentException(
          "make_default can only be true; make another schedule the default instead"));
    }
    if (given.isEmpty() && timezone.isEmpty() && arguments.string("rename").isEmpty() && makeDefault.isEmpty()
        && newName.isEmpty()) {
      return Mono.error(new IllegalArgumentException("give rules, timezone, rename, make_default or new_schedule_name"));
    }
    List<AvailabilityRule> changes = given.isEmpty() ? List.of()
        : EventTypeSetupTools.rule(timezone.orElse("UTC"), given).rules();
    return client.users().me()
        .flatMap(me -> client.availability().userAvailabilitySchedules(me.uri().toString()))
        .map(schedules -> pick(schedules, arguments.string("schedule")))
        .flatMap(current -> {
          List<AvailabilityRule> rules = merge(current.rules(), changes);
          if (newName.isPresent()) {
            return client.availability().createSchedule(new AvailabilityApi.NewSchedule(
                    newName.get(), timezone.orElse(current.timezone()), rules))
                .flatMap(made -> makeDefault.isPresent()
                    ? client.availability().updateSchedule(made.uri().toString(),
                        new AvailabilityApi.ScheduleUpdate(null, null, null, true))
                    : Mono.just(made))
                .map(made -> answer(made, "Created"));
          }
          return client.availability().updateSchedule(current.uri().toString(), new AvailabilityApi.ScheduleUpdate(
                  arguments.string("rename").orElse(null), timezone.orElse(null), changes.isEmpty() ? null : rules,
                  makeDefault.orElse(null)))
              .map(changed -> answer(changed, "Updated"));
        })
        .transform(Lookups.onRefusal(SCOPES));
  }

  private static AvailabilitySchedule pick(List<AvailabilitySchedule> schedules, Optional<String> wanted) {
    if (wanted.isEmpty()) {
      return schedules.stream().filter(AvailabilitySchedule::defaultSchedule).findFirst()
          .orElseThrow(() -> new ToolFailure("You have no default availability schedule; name one with schedule."));
    }
    String text = wanted.get().strip();
    List<AvailabilitySchedule> matches = schedules.stream()
        .filter(s -> s.uri().toString().equals(text) || s.uri().toString().endsWith("/" + text)
            || s.name() != null && s.name().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)))
        .toList();
    if (matches.size() != 1) {
      throw new ToolFailure((matches.isEmpty() ? "No schedule of yours matches \"" : "Several schedules match \"")
          + text + "\"; your schedules: " + String.join(", ", schedules.stream().map(AvailabilitySchedule::name).toList()));
    }
    return matches.get(0);
  }

  /** The current rules with each given weekday or date replaced, and new dates added. */
  static List<AvailabilityRule> merge(List<AvailabilityRule> current, List<AvailabilityRule> changes) {
    List<AvailabilityRule> merged = new ArrayList<>();
    for (AvailabilityRule rule : current) {
      if (changes.stream().noneMatch(change -> sameDay(change, rule))) {
        merged.add(rule);
      }
    }
    merged.addAll(changes);
    return merged;
  }

  private static boolean sameDay(AvailabilityRule a, AvailabilityRule b) {
    return a.type() == b.type() && (a.type() == AvailabilityRule.Type.WDAY ? a.wday() == b.wday() : a.date().equals(b.date()));
  }

  private static ToolResult answer(AvailabilitySchedule schedule, String verb) {
    return new ToolResult(ResourceMaps.schedule(schedule), verb + " " + ResourceMaps.scheduleLine(schedule));
  }
}
