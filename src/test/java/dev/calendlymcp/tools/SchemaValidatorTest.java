package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

  private final SchemaValidator validator = new SchemaValidator();

  private final Map<String, Object> booking =
      Schema.object()
          .required(
              "start_time",
              Schema.string().format(Schema.DATE_TIME).description("Start of the slot, from find_available_times."))
          .required("name", Schema.string().maxLength(100).description("The invitee's full name."))
          .optional("status", Schema.string().enumOf("active", "canceled").description("Filter by status."))
          .optional("count", Schema.integer().minimum(1).maximum(100).description("Page size."))
          .optional("notify", Schema.bool().description("Send emails."))
          .optional("email", Schema.string().format(Schema.EMAIL).maxLength(254).description("Invitee email."))
          .optional("event_type", Schema.string().format(Schema.URI).maxLength(300).description("Event type URI."))
          .optional("day", Schema.string().format(Schema.DATE).description("A day."))
          .optional(
              "guests",
              Schema.array(Schema.string().format(Schema.EMAIL).maxLength(254))
                  .maxItems(2)
                  .description("Guest emails."))
          .optional(
              "invitee",
              Schema.object()
                  .required("email", Schema.string().format(Schema.EMAIL).maxLength(254).description("Email."))
                  .closed()
                  .description("Who books."))
          .closed()
          .toMap();

  private List<String> problems(Map<String, Object> arguments) {
    return validator.validate(booking, arguments, "arguments").stream()
        .map(SchemaValidator.Violation::message)
        .toList();
  }

  private static Map<String, Object> valid() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("start_time", "2026-03-02T15:30:00Z");
    arguments.put("name", "Ada Lovelace");
    return arguments;
  }

  @Test
  void validArgumentsPass() {
    Map<String, Object> arguments = valid();
    arguments.put("status", "active");
    arguments.put("count", 100);
    arguments.put("notify", true);
    arguments.put("email", "ada@example.com");
    arguments.put("event_type", "https://api.calendly.com/event_types/AAAA");
    arguments.put("day", "2026-03-02");
    arguments.put("guests", List.of("b@example.com"));
    arguments.put("invitee", Map.of("email", "c@example.com"));

    assertThat(problems(arguments)).isEmpty();
  }

  @Test
  void aMissingRequiredArgumentIsNamedWithWhatToPass() {
    Map<String, Object> arguments = valid();
    arguments.remove("start_time");

    assertThat(problems(arguments))
        .containsExactly(
            "start_time is required: pass an ISO-8601 date-time with a UTC offset, such as"
                + " 2026-03-02T15:30:00Z (Start of the slot, from find_available_times)");
  }

  @Test
  void aWrongTypeNamesTheFieldTheExpectedTypeAndWhatCame() {
    Map<String, Object> arguments = valid();
    arguments.put("count", "ten");
    arguments.put("notify", "yes");

    assertThat(problems(arguments))
        .containsExactly(
            "count must be an integer from 1 to 100, got \"ten\"",
            "notify must be true or false, got \"yes\"");
  }

  @Test
  void anUnknownEnumValueListsTheAllowedOnes() {
    Map<String, Object> arguments = valid();
    arguments.put("status", "cancelled");

    assertThat(problems(arguments)).containsExactly("status must be one of: active, canceled; got \"cancelled\"");
  }

  @Test
  void aMegabyteStringIsRefusedByLengthWithoutBeingEchoed() {
    Map<String, Object> arguments = valid();
    String huge = "x".repeat(1024 * 1024);
    arguments.put("name", huge);

    List<String> problems = problems(arguments);

    assertThat(problems).containsExactly("name is too long (1048576 characters; the limit is 100): shorten it");
    assertThat(String.join("", problems)).hasSizeLessThan(200);
  }

  @Test
  void lengthCountsCharactersNotUtf16Units() {
    Map<String, Object> arguments = valid();
    arguments.put("name", "😀".repeat(100));

    assertThat(problems(arguments)).isEmpty();
  }

  @Test
  void numbersOutOfRangeAndFractionsAreRefused() {
    Map<String, Object> arguments = valid();
    arguments.put("count", 101);
    assertThat(problems(arguments)).containsExactly("count must be an integer from 1 to 100, got 101");

    arguments.put("count", 2.5);
    assertThat(problems(arguments)).containsExactly("count must be an integer from 1 to 100, got a number (2.5)");

    arguments.put("count", 3.0);
    assertThat(problems(arguments)).isEmpty();
  }

  @Test
  void formatsAreChecked() {
    Map<String, Object> arguments = valid();
    arguments.put("start_time", "tomorrow at 3");
    arguments.put("email", "not an email");
    arguments.put("event_type", "event_types/AAAA");
    arguments.put("day", "02/03/2026");

    assertThat(problems(arguments))
        .containsExactly(
            "start_time must be an ISO-8601 date-time with a UTC offset, such as 2026-03-02T15:30:00Z;"
                + " got \"tomorrow at 3\"",
            "email must be an email address such as ada@example.com; got \"not an email\"",
            "event_type must be an absolute https:// URI; got \"event_types/AAAA\"",
            "day must be a date as YYYY-MM-DD; got \"02/03/2026\"");
  }

  @Test
  void aDateTimeWithoutOffsetIsRefusedBecauseItsInstantIsAmbiguous() {
    Map<String, Object> arguments = valid();
    arguments.put("start_time", "2026-03-02T15:30:00");

    assertThat(problems(arguments)).hasSize(1).first().asString().startsWith("start_time must be an ISO-8601");
  }

  @Test
  void unknownArgumentsAreNamedWithTheKnownOnes() {
    Map<String, Object> arguments = valid();
    arguments.put("start", "2026-03-02T15:30:00Z");

    assertThat(problems(arguments))
        .containsExactly(
            "unknown argument \"start\"; expected one of: start_time, name, status, count, notify,"
                + " email, event_type, day, guests, invitee");
  }

  @Test
  void nestedProblemsCarryTheirPath() {
    Map<String, Object> arguments = valid();
    arguments.put("guests", List.of("a@example.com", "nope"));
    arguments.put("invitee", Map.of("mail", "x@example.com"));

    assertThat(problems(arguments))
        .containsExactly(
            "guests[1] must be an email address such as ada@example.com; got \"nope\"",
            "invitee.email is required: pass an email address such as ada@example.com (Email)",
            "unknown field invitee.\"mail\"; expected one of: email");
  }

  @Test
  void arraysOverTheirLimitAreRefusedWithoutCheckingEachItem() {
    Map<String, Object> arguments = valid();
    arguments.put("guests", List.of("a@example.com", "b@example.com", "c@example.com"));

    assertThat(problems(arguments)).containsExactly("guests has 3 items; the limit is 2");
  }

  @Test
  void nullIsRefusedUnlessTheSchemaAllowsIt() {
    Map<String, Object> arguments = valid();
    arguments.put("name", null);
    assertThat(problems(arguments)).containsExactly("name must be a string of at most 100 characters, got null");

    Map<String, Object> nullable = Schema.object().required("x", Schema.string().nullable()).toMap();
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("x", null);
    assertThat(validator.validate(nullable, value, "result")).isEmpty();
  }

  @Test
  void theArgumentsThemselvesMustBeAnObject() {
    assertThat(validator.validate(booking, List.of(), "arguments"))
        .extracting(SchemaValidator.Violation::message)
        .containsExactly("arguments must be an object, got an array");
  }

  @Test
  void atMostTenProblemsAreReported() {
    Map<String, Object> many = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      many.put("unknown" + i, i);
    }
    List<SchemaValidator.Violation> violations = validator.validate(booking, many, "arguments");

    assertThat(violations).hasSize(SchemaValidator.MAX_VIOLATIONS);
  }

  @Test
  void aSchemaWithAnUnsupportedKeywordOrFormatIsReported() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("a", Map.of("type", "string", "pattern", "^x$", "format", "ipv4")));
    schema.put("required", new ArrayList<>(List.of("a", "b")));

    List<String> problems = validator.checkSchema(schema);

    assertThat(problems)
        .hasSize(3)
        .contains(
            "#/properties/a: keyword 'pattern' is not supported by the tool schema validator",
            "#: required names 'b', which is not a declared property")
        .anySatisfy(p -> assertThat(p).startsWith("#/properties/a: format 'ipv4' is not supported"));
  }

  @Test
  void everySchemaTheBuilderWritesIsSupported() {
    assertThat(validator.checkSchema(booking)).isEmpty();
  }
}
