package dev.calendlymcp.tools;

/**
 * The one shape of hours rules that {@code set_availability}, the {@code hours} of {@code
 * create_event_type} and {@code update_event_type}, {@code set_working_hours} and {@code
 * create_custom_link} take: a weekday or a date, each with its open spans, as {@link
 * EventTypeSetupTools#rule} reads them for every one of those tools.
 */
final class HoursRuleSchema {

  private static final String[] WEEKDAYS = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  private static final int MAX_RULES = 60;

  private HoursRuleSchema() {}

  /**
   * Up to 60 rules.
   *
   * @param emptyDay what a rule with no spans makes its day, e.g. {@code closed}
   * @param description what the list means for the tool taking it
   */
  static Schema rules(String emptyDay, String description) {
    Schema interval = Schema.object()
        .required("from", Schema.string().minLength(4).maxLength(5).description("HH:MM."))
        .required("to", Schema.string().minLength(4).maxLength(5).description("HH:MM, after from; 24:00 ends the day."))
        .closed();
    Schema rule = Schema.object()
        .optional("wday", Schema.string().enumOf(WEEKDAYS).description("A weekday."))
        .optional("date", Schema.string().format(Schema.DATE).maxLength(10).description("Or one date."))
        .required("intervals", Schema.array(interval).maxItems(24).description("Open spans; empty: " + emptyDay + "."))
        .closed();
    return Schema.array(rule).maxItems(MAX_RULES).description(description);
  }
}
