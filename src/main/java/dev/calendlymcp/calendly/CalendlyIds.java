package dev.calendlymcp.calendly;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Calendly names every object by a URI whose last path segment is its UUID. Methods that take an
 * identifier accept either form, so callers can pass along whatever a previous response gave.
 */
public final class CalendlyIds {

  private static final Pattern UUID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private CalendlyIds() {}

  /**
   * The UUID of {@code uriOrUuid}: the last segment of a URI such as {@code
   * https://api.calendly.com/users/AAAA}, or the value itself when it is already a UUID.
   *
   * @param what the parameter's name, for the error message
   * @throws IllegalArgumentException naming {@code what} when the value is neither
   */
  public static String uuid(String uriOrUuid, String what) {
    if (uriOrUuid == null || uriOrUuid.isBlank()) {
      throw new IllegalArgumentException(what + " is required (a Calendly URI or UUID)");
    }
    String value = uriOrUuid.strip();
    String candidate = value;
    if (value.contains("/")) {
      URI uri;
      try {
        uri = URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + " is not a valid Calendly URI: " + value, e);
      }
      String path = uri.getPath() == null ? "" : uri.getPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      candidate = path.substring(path.lastIndexOf('/') + 1);
    }
    if (!UUID.matcher(candidate).matches()) {
      throw new IllegalArgumentException(
          what + " must be a Calendly URI (https://api.calendly.com/…/UUID) or a UUID, got " + value);
    }
    return candidate;
  }

  /** Checks that a URI parameter (e.g. a {@code user} filter) is an absolute http(s) URI. */
  public static URI uri(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required (a Calendly URI)");
    }
    try {
      URI uri = URI.create(value.strip());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(what + " must be an absolute URI such as https://api.calendly.com/users/AAAA, got " + value);
      }
      return uri;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(what)) {
        throw e;
      }
      throw new IllegalArgumentException(what + " is not a valid URI: " + value, e);
    }
  }
}
