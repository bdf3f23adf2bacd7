package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a tool that filters Calendly's pages itself resumes reading: a Calendly page (null for the
 * first) and how many items of it were already read. A call that stops in the middle of a page
 * (enough matches found, or its request budget spent) then resumes exactly there. Each tool tags
 * its cursors, so a cursor of one tool is refused by another instead of being misread.
 */
record PageCursor(String pageToken, int skip) {

  static final PageCursor FIRST = new PageCursor(null, 0);

  String encode(String tag) {
    String raw = skip + ":" + (pageToken == null ? "" : pageToken);
    return tag + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param tag the tool's tag, e.g. {@code m1.}
   * @param tool the tool's name, for the error
   */
  static PageCursor decode(String cursor, String tag, String tool) {
    IllegalArgumentException invalid = new IllegalArgumentException(
        "cursor is not one " + tool + " returned; pass next_cursor unchanged, with the same filters, or leave it out");
    if (!cursor.startsWith(tag)) {
      throw invalid;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor.substring(tag.length())), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      int skip = Integer.parseInt(raw.substring(0, colon));
      String token = raw.substring(colon + 1);
      if (skip < 0 || skip > PageRequest.MAX_COUNT) {
        throw invalid;
      }
      return new PageCursor(token.isEmpty() ? null : token, skip);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw invalid;
    }
  }
}
