package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.tools.Toolset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a model reads before its first call (the {@code initialize} instructions, each tool's
 * description and every argument's and field's description) must not contradict what the server
 * offers: no claim that Calendly's API cannot change something (it can change event types and
 * availability today), and no tool named that the server, as configured, does not offer. Checked
 * for every toolset alone and in pairs, with and without {@code --read-only}.
 */
class DescriptionsMatchTheCatalogTest {

  /** Claims that something cannot be done through Calendly's API: they age badly and are false today. */
  private static final Pattern API_CANNOT = Pattern.compile(
      "(?i)cannot be (changed|edited|created|written|updated)"
          + "|can'?not (change|edit|create|write|update)\\b"
          + "|not (editable|writable|changeable)"
          + "|read-only (by|through|via|in) (the )?api"
          + "|api (cannot|can't|does not|doesn't) (change|edit|create|write|update)");

  /** A snake_case word beginning like a tool name does; argument and field names are told apart below. */
  private static final Pattern TOOL_LIKE = Pattern.compile(
      "\\b(?:whoami|(?:get|list|create|update|delete|cancel|book|find|reschedule|remove|invite|revoke|edit|set)_[a-z_]*[a-z])\\b");

  private static final ToolCatalog EVERYTHING = ToolCatalog.build(ToolOptions.everything());

  @Test
  void noDescriptionOrInstructionSaysTheApiCannotChangeSomething() {
    List<String> claims = new ArrayList<>();
    for (Text text : texts(EVERYTHING)) {
      Matcher matcher = API_CANNOT.matcher(text.value());
      while (matcher.find()) {
        claims.add(text.where() + ": \"" + matcher.group() + "\" in " + text.value());
      }
    }
    assertThat(claims).isEmpty();
  }

  @Test
  void everyToolNamedInADescriptionOrTheInstructionsIsOfferedByThatConfiguration() {
    Set<String> fieldNames = propertyNames(EVERYTHING);
    Map<String, String> dangling = new LinkedHashMap<>();
    for (ToolOptions options : everyConfiguration()) {
      ToolCatalog catalog = ToolCatalog.build(options);
      for (Text text : texts(catalog)) {
        Matcher matcher = TOOL_LIKE.matcher(text.value());
        while (matcher.find()) {
          String name = matcher.group();
          if (!fieldNames.contains(name) && catalog.find(name).isEmpty()) {
            dangling.putIfAbsent(text.where() + " names " + name,
                "not offered with toolsets " + options.toolsets() + (options.readOnly() ? ", read-only" : ""));
          }
        }
      }
    }
    assertThat(dangling).isEmpty();
  }

  @Test
  void theCheckFindsAToolThatIsNotOffered() {
    // The check above must be able to fail: the read-only scheduling catalog has no book_meeting.
    ToolCatalog readOnly = ToolCatalog.build(new ToolOptions(EnumSet.of(Toolset.SCHEDULING), true));
    Matcher matcher = TOOL_LIKE.matcher("then call book_meeting with start_time");

    assertThat(matcher.find()).isTrue();
    assertThat(matcher.group()).isEqualTo("book_meeting");
    assertThat(readOnly.find("book_meeting")).isEmpty();
    assertThat(propertyNames(EVERYTHING)).contains("start_time").doesNotContain("book_meeting");
    assertThat(API_CANNOT.matcher("Availability is read-only by API.").find()).isTrue();
    assertThat(API_CANNOT.matcher("Event types and availability rules cannot be changed through the API.").find())
        .isTrue();
    assertThat(API_CANNOT.matcher("cancels it for every invitee; cannot be undone").find()).isFalse();
  }

  private record Text(String where, String value) {}

  /** The instructions of the catalog's server, and every description in its tools. */
  private static List<Text> texts(ToolCatalog catalog) {
    List<Text> texts = new ArrayList<>();
    texts.add(new Text("instructions", ServerInstructions.forCatalog(catalog)));
    for (ToolDefinition tool : catalog.tools()) {
      texts.add(new Text(tool.name(), tool.description()));
      descriptions(tool.name() + " input", tool.inputSchema(), texts);
      descriptions(tool.name() + " output", tool.outputSchema(), texts);
    }
    return texts;
  }

  private static void descriptions(String where, Object schema, List<Text> into) {
    if (schema instanceof Map<?, ?> map) {
      map.forEach((key, value) -> {
        if ("description".equals(key) && value instanceof String text) {
          into.add(new Text(where, text));
        } else {
          descriptions(where, value, into);
        }
      });
    } else if (schema instanceof List<?> list) {
      list.forEach(item -> descriptions(where, item, into));
    }
  }

  /** Every argument and output field name: {@code cancel_url} is a field, not a tool. */
  private static Set<String> propertyNames(ToolCatalog catalog) {
    Set<String> names = new LinkedHashSet<>();
    for (ToolDefinition tool : catalog.tools()) {
      collectProperties(tool.inputSchema(), names);
      collectProperties(tool.outputSchema(), names);
    }
    return names;
  }

  private static void collectProperties(Object schema, Set<String> into) {
    if (schema instanceof Map<?, ?> map) {
      if (map.get("properties") instanceof Map<?, ?> properties) {
        properties.keySet().forEach(key -> into.add(String.valueOf(key)));
      }
      map.values().forEach(value -> collectProperties(value, into));
    } else if (schema instanceof List<?> list) {
      list.forEach(item -> collectProperties(item, into));
    }
  }

  /** Every non-empty set of toolsets, each with and without --read-only. */
  /**
   * Every toolset alone and every pair, plus all of them, each with and without read-only. A text
   * appears once its tool's toolset (or the toolsets an instruction depends on, never more than
   * two) is on, and turning more on only adds tools, so a dangling name shows up in one of these;
   * every subset would be 2^n catalogs, minutes of work at 13 toolsets.
   */
  private static List<ToolOptions> everyConfiguration() {
    Toolset[] all = Toolset.values();
    List<EnumSet<Toolset>> sets = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      for (int j = i; j < all.length; j++) {
        sets.add(EnumSet.of(all[i], all[j]));
      }
    }
    sets.add(EnumSet.allOf(Toolset.class));
    List<ToolOptions> options = new ArrayList<>();
    for (EnumSet<Toolset> chosen : sets) {
      options.add(new ToolOptions(chosen, false));
      options.add(new ToolOptions(chosen, true));
    }
    return options;
  }
}
