package dev.calendlymcp.text;

import java.util.regex.Pattern;

/**
 * Text written by someone outside the user's trust (an invitee's name, an answer to a booking
 * question, a cancellation reason, an agent's self-chosen name) made safe to hand to a model or a
 * page: invisible and bidirectional control characters removed, HTML tags removed, line breaks
 * normalised, and the length bounded. It stays data: callers put it in its own field and, in
 * prose, quote it and say who wrote it ({@link #quoted}).
 *
 * <p>Follows github-mcp-server's {@code pkg/sanitize}: the characters removed are those that hide
 * text from a person reading it (zero-width, tag characters, soft hyphen, byte-order mark) or
 * reorder it (bidirectional embeddings, overrides, isolates and marks); a variation selector
 * survives only right after a visible character, as in an emoji.
 */
public final class UntrustedText {

  /** Names: longer is never a real name. */
  public static final int NAME_LIMIT = 200;

  /** Answers, reasons, notes: room for a paragraph, not for a payload. */
  public static final int FREE_TEXT_LIMIT = 2_000;

  /** Meeting transcripts: an hour of talk is about 60,000 characters; more is not one meeting. */
  public static final int TRANSCRIPT_LIMIT = 100_000;

  // Tag-shaped runs only: a lone '<' in "a < b" is text, "<script>" or "</b>" is markup.
  private static final Pattern TAG = Pattern.compile("<(?:[a-zA-Z!/?][^<>]*)>");

  // Compiled once: names are cleaned on every tool call (the audit's target fields).
  private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\n\\s*");

  private UntrustedText() {}

  /** {@code text} cleaned and cut to {@code limit} code points, with a note of what was cut. */
  public static String clean(String text, int limit) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String visible = withoutInvisible(text);
    String untagged = TAG.matcher(visible).replaceAll("");
    // Removing a tag can join two halves of a hidden sequence; a second pass costs little.
    String cleaned = untagged.equals(visible) ? visible : withoutInvisible(untagged);
    return bounded(cleaned.strip(), limit);
  }

  /** A name: cleaned, on one line, at most {@link #NAME_LIMIT} code points. */
  public static String name(String text) {
    return oneLine(clean(text, NAME_LIMIT));
  }

  /** Free text: cleaned, line breaks kept, at most {@link #FREE_TEXT_LIMIT} code points. */
  public static String freeText(String text) {
    return clean(text, FREE_TEXT_LIMIT);
  }

  /** A transcript: cleaned, line breaks kept, at most {@link #TRANSCRIPT_LIMIT} code points. */
  public static String transcript(String text) {
    return clean(text, TRANSCRIPT_LIMIT);
  }

  /**
   * For prose: the cleaned text on one line inside quotation marks, with any quotation mark in it
   * escaped, so it cannot close the quote and continue as the server's own words. Callers write
   * who said it first: {@code the invitee wrote: "…"}.
   */
  public static String quoted(String cleaned) {
    return "\"" + oneLine(cleaned).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String oneLine(String text) {
    return text.indexOf('\n') < 0 ? text : LINE_BREAK.matcher(text).replaceAll(" ⏎ ");
  }

  private static String bounded(String text, int limit) {
    int length = text.codePointCount(0, text.length());
    if (length <= limit) {
      return text;
    }
    int end = text.offsetByCodePoints(0, limit);
    return text.substring(0, end) + "… [" + (length - limit) + " more characters cut]";
  }

  static String withoutInvisible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean previousKeptVisible = false;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (codePoint == '\r') {
        // CRLF and lone CR both become one line break.
        if (i < text.length() && text.charAt(i) == '\n') {
          continue;
        }
        codePoint = '\n';
      }
      if (isVariationSelector(codePoint)) {
        if (previousKeptVisible) {
          out.appendCodePoint(codePoint);
        }
        previousKeptVisible = false;
        continue;
      }
      if (isHidden(codePoint)) {
        previousKeptVisible = false;
        continue;
      }
      out.appendCodePoint(codePoint);
      previousKeptVisible = !Character.isWhitespace(codePoint);
    }
    return out.toString();
  }

  private static boolean isVariationSelector(int codePoint) {
    return (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
  }

  private static boolean isHidden(int codePoint) {
    if (codePoint == '\n' || codePoint == '\t') {
      return false;
    }
    int type = Character.getType(codePoint);
    // FORMAT covers zero-width characters, bidirectional controls and marks, tag characters, the
    // soft hyphen and the byte-order mark; CONTROL the C0/C1 controls; the rest cannot be shown.
    return type == Character.FORMAT
        || type == Character.CONTROL
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE
        || codePoint == 0x180E // Mongolian vowel separator: was FORMAT, now SPACE_SEPARATOR, still invisible
        || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0; // Hangul fillers
  }
}
