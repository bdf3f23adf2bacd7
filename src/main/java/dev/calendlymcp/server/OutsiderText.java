package dev.calendlymcp.server;

import dev.calendlymcp.text.UntrustedText;
import dev.calendlymcp.tools.ToolResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Text written by people outside the user's trust, made data before a model sees it: invitees'
 * names, their answers to booking questions, and cancellation reasons. In the structured content
 * each stays in its own field, cleaned and bounded ({@link UntrustedText}); in the text rendering
 * each occurrence is replaced by the cleaned value in quotes, answers and reasons with who wrote
 * them ({@code the invitee wrote: "…"}). Under lockdown, answers and reasons are withheld
 * altogether, and the result says so.
 */
final class OutsiderText {

  static final String WITHHELD = "[withheld]";
  static final String LOCKDOWN_NOTE = " (Lockdown: %d answer(s) or reason(s) written by invitees were withheld;"
      + " an agent whose policy grants invitees: full sees them.)";

  private static final List<String> NAME_KEYS = List.of("name", "first_name", "last_name");

  private OutsiderText() {}

  /** @param lockdown withhold answers and reasons instead of quoting them */
  static ToolResult apply(ToolResult result, boolean lockdown) {
    Map<String, String> replacements = new LinkedHashMap<>();
    int[] withheld = {0};
    Map<String, Object> structured = map(result.structured(), false, lockdown, replacements, withheld);
    String text = result.text();
    List<String> raw = new ArrayList<>(replacements.keySet());
    // Longest first, so that a long answer is replaced before a name inside it could split it.
    raw.sort(Comparator.comparingInt(String::length).reversed());
    for (String value : raw) {
      text = text.replace(value, replacements.get(value));
    }
    return new ToolResult(structured, withheld[0] == 0 ? text : text + String.format(LOCKDOWN_NOTE, withheld[0]));
  }

  private static Map<String, Object> map(Map<?, ?> in, boolean insideInvitee, boolean lockdown,
      Map<String, String> replacements, int[] withheld) {
    boolean invitee = insideInvitee || in.containsKey("questions_and_answers");
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((key, value) -> {
      String name = String.valueOf(key);
      if (value instanceof String text && (invitee && NAME_KEYS.contains(name) || name.equals("invitee_name"))) {
        out.put(name, replace(text, UntrustedText.name(text), UntrustedText::quoted, replacements));
      } else if (invitee && name.equals("questions_and_answers") && value instanceof List<?> answers) {
        List<Object> cleaned = new ArrayList<>();
        for (Object answer : answers) {
          if (answer instanceof Map<?, ?> pair && pair.get("answer") instanceof String text) {
            Map<String, Object> copy = new LinkedHashMap<>();
            pair.forEach((k, v) -> copy.put(String.valueOf(k), v));
            copy.put("answer", freeText(text, lockdown, replacements, withheld));
            cleaned.add(copy);
          } else {
            cleaned.add(answer);
          }
        }
        out.put(name, cleaned);
      } else if (name.equals("cancellation") && value instanceof Map<?, ?> cancellation) {
        Map<String, Object> copy = new LinkedHashMap<>();
        cancellation.forEach((k, v) -> copy.put(String.valueOf(k),
            "reason".equals(k) && v instanceof String reason ? freeText(reason, lockdown, replacements, withheld) : v));
        out.put(name, copy);
      } else {
        out.put(name, value(value, invitee || name.contains("invitee"), lockdown, replacements, withheld));
      }
    });
    return out;
  }

  private static Object value(Object value, boolean invitee, boolean lockdown, Map<String, String> replacements,
      int[] withheld) {
    if (value instanceof Map<?, ?> map) {
      return map(map, invitee, lockdown, replacements, withheld);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(value(item, invitee, lockdown, replacements, withheld)));
      return out;
    }
    return value;
  }

  private static String freeText(String raw, boolean lockdown, Map<String, String> replacements, int[] withheld) {
    if (lockdown) {
      withheld[0]++;
      if (!raw.isBlank()) {
        replacements.put(raw, WITHHELD);
      }
      return WITHHELD;
    }
    return replace(raw, UntrustedText.freeText(raw), cleaned -> "the invitee wrote: " + UntrustedText.quoted(cleaned),
        replacements);
  }

  private static String replace(String raw, String cleaned, UnaryOperator<String> inProse,
      Map<String, String> replacements) {
    if (!raw.isBlank()) {
      replacements.putIfAbsent(raw, inProse.apply(cleaned));
    }
    return cleaned;
  }
}
