package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A result with invitees' names, emails and answers hidden, for an agent that may read meetings but
 * not invitees: it still learns when meetings are and how many invitees they have. Fields keep
 * their types (strings become {@link #HIDDEN}, answer lists empty) so the result still matches the
 * tool's output schema, and the text rendering loses every value hidden in the structure.
 */
final class InviteeRedaction {

  static final String HIDDEN = "[hidden]";
  static final String NOTE = " (Invitees' names, emails and answers are hidden: this agent's policy gives it no"
      + " invitees access.)";

  private static final Set<String> PERSONAL = Set.of("name", "email", "first_name", "last_name", "text_reminder_number");
  private static final Set<String> PERSONAL_ANYWHERE = Set.of("invitee_name", "invitee_email");

  private InviteeRedaction() {}

  static ToolResult redact(ToolResult result) {
    Set<String> hidden = new LinkedHashSet<>();
    Map<String, Object> structured = map(result.structured(), looksLikeInvitee(result.structured()), hidden);
    String text = result.text();
    // Longest first, so that "Jane Doe" is hidden before "Jane" could split it.
    List<String> values = new ArrayList<>(hidden);
    values.sort(Comparator.comparingInt(String::length).reversed());
    for (String value : values) {
      text = text.replace(value, HIDDEN);
    }
    return new ToolResult(structured, hidden.isEmpty() ? text : text + NOTE);
  }

  private static boolean looksLikeInvitee(Map<?, ?> map) {
    return map.containsKey("questions_and_answers");
  }

  private static Map<String, Object> map(Map<?, ?> in, boolean invitee, Set<String> hidden) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((key, value) -> {
      String name = String.valueOf(key);
      if ((invitee && PERSONAL.contains(name) || PERSONAL_ANYWHERE.contains(name)) && value instanceof String text) {
        remember(text, hidden);
        out.put(name, HIDDEN);
      } else if (invitee && name.equals("questions_and_answers") && value instanceof List<?> answers) {
        // The questions are the host's own words; only the answers are the invitee's.
        answers.forEach(answer -> {
          if (answer instanceof Map<?, ?> pair && pair.get("answer") instanceof String text) {
            remember(text, hidden);
          }
        });
        out.put(name, List.of());
      } else if (invitee && name.equals("cancellation") && value instanceof Map<?, ?> cancellation) {
        Map<String, Object> copy = new LinkedHashMap<>();
        cancellation.forEach((k, v) -> {
          if ("reason".equals(k) && v instanceof String reason) {
            remember(reason, hidden);
            copy.put("reason", HIDDEN);
          } else {
            copy.put(String.valueOf(k), v);
          }
        });
        out.put(name, copy);
      } else {
        out.put(name, value(value, name.contains("invitee"), hidden));
      }
    });
    return out;
  }

  private static Object value(Object value, boolean inviteeKey, Set<String> hidden) {
    if (value instanceof Map<?, ?> map) {
      return map(map, inviteeKey || looksLikeInvitee(map), hidden);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(value(item, inviteeKey, hidden)));
      return out;
    }
    return value;
  }

  /** Very short values ("a", "no") would blank unrelated words of the text; they stay in it. */
  private static void remember(String text, Set<String> hidden) {
    if (text.strip().length() >= 3) {
      hidden.add(text);
    }
  }
}
