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
 * names, their answers to booking questions, cancellation reasons, answers to routing forms, and
 * the contacts made from invitees (names, company, job title), and meeting transcripts (what
 * everyone in the meeting said, word for word). In the structured content
 * each stays in its own field, cleaned and bounded ({@link UntrustedText}); in the text rendering
 * each occurrence is replaced by the cleaned value in quotes, answers and reasons with who wrote
 * them ({@code the invitee wrote: "…"}). Under lockdown, answers, reasons and transcripts are withheld
 * altogether, and the result says so.
 */
final class OutsiderText {

  static final String WITHHELD = "[withheld]";
  static final String LOCKDOWN_NOTE = " (Lockdown: %d answer(s), reason(s) or transcript(s) from invitees were withheld;"
      + " an agent whose policy grants invitees: full sees them.)";

  private static final List<String> NAME_KEYS = List.of("name", "first_name", "last_name");
  /** Short fields of a contact that its invitee typed, cleaned like names. */
  private static final List<String> CONTACT_KEYS = List.of("company", "job_title");

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
      } else if (name.equals("answers") && value instanceof List<?> answers && !insideInvitee) {
        // A routing form's submission: what the respondent typed, before any booking.
        out.put(name, answered(answers, "the respondent wrote: ", lockdown, replacements, withheld));
      } else if (name.equals("contacts") && value instanceof List<?> contacts) {
        // Contacts are made from what invitees typed when they booked.
        out.put(name, value(contacts, true, lockdown, replacements, withheld));
      } else if (invitee && CONTACT_KEYS.contains(name) && value instanceof String text) {
        out.put(name, replace(text, UntrustedText.name(text), UntrustedText::quoted, replacements));
      } else if (invitee && name.equals("questions_and_answers") && value instanceof List<?> answers) {
        out.put(name, answered(answers, "the invitee wrote: ", lockdown, replacements, withheld));
      } else if (name.equals("transcript") && value instanceof String transcript) {
        out.put(name, lockdown ? withhold(transcript, replacements, withheld)
            : replace(transcript, UntrustedText.transcript(transcript),
                cleaned -> "the meeting's transcript reads: " + UntrustedText.quoted(cleaned), replacements));
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

  private static List<Object> answered(List<?> answers, String attribution, boolean lockdown,
      Map<String, String> replacements, int[] withheld) {
    List<Object> cleaned = new ArrayList<>();
    for (Object answer : answers) {
      if (answer instanceof Map<?, ?> pair && pair.get("answer") instanceof String text) {
        Map<String, Object> copy = new LinkedHashMap<>();
        pair.forEach((k, v) -> copy.put(String.valueOf(k), v));
        copy.put("answer", freeText(text, attribution, lockdown, replacements, withheld));
        cleaned.add(copy);
      } else {
        cleaned.add(answer);
      }
    }
    return cleaned;
  }

  private static String freeText(String raw, boolean lockdown, Map<String, String> replacements, int[] withheld) {
    return freeText(raw, "the invitee wrote: ", lockdown, replacements, withheld);
  }

  private static String freeText(String raw, String attribution, boolean lockdown, Map<String, String> replacements,
      int[] withheld) {
    if (lockdown) {
      return withhold(raw, replacements, withheld);
    }
    return replace(raw, UntrustedText.freeText(raw), cleaned -> attribution + UntrustedText.quoted(cleaned),
        replacements);
  }

  private static String withhold(String raw, Map<String, String> replacements, int[] withheld) {
    withheld[0]++;
    if (!raw.isBlank()) {
      replacements.put(raw, WITHHELD);
    }
    return WITHHELD;
  }

  private static String replace(String raw, String cleaned, UnaryOperator<String> inProse,
      Map<String, String> replacements) {
    if (!raw.isBlank()) {
      replacements.putIfAbsent(raw, inProse.apply(cleaned));
    }
    return cleaned;
  }
}
