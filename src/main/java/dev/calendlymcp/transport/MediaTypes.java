package dev.calendlymcp.transport;

import java.util.Locale;

/** Just enough of HTTP content negotiation for the MCP endpoint. */
final class MediaTypes {

  static final String JSON = "application/json";
  static final String EVENT_STREAM = "text/event-stream";

  private MediaTypes() {}

  /**
   * Whether an {@code Accept} header admits {@code type}, wildcards included ({@code *}{@code /*}
   * admits both of ours) and {@code q=0} meaning "not this one". No header admits nothing: the
   * specification asks clients to list what they take.
   */
  static boolean accepts(String accept, String type) {
    if (accept == null) {
      return false;
    }
    String anySubtype = type.substring(0, type.indexOf('/')) + "/*";
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String media = parts[0].trim().toLowerCase(Locale.ROOT);
      if ((media.equals(type) || media.equals(anySubtype) || media.equals("*/*")) && !refused(parts)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a {@code Content-Type} header says JSON (any parameters, such as a charset, allowed). */
  static boolean isJson(String contentType) {
    return contentType != null && contentType.split(";")[0].trim().toLowerCase(Locale.ROOT).equals(JSON);
  }

  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2)) <= 0;
        } catch (NumberFormatException e) {
          return true;
        }
      }
    }
    return false;
  }
}
