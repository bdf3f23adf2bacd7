package dev.calendlymcp.sandbox.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds and reads the URIs that name every resource, e.g. {@code {apiBaseUrl}/users/{uuid}}.
 * URIs are minted with the sandbox's own base URL; when reading one, only its path counts, so a
 * URI a client rewrote to {@code localhost} still names the same resource.
 */
public final class Uris {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final String base;

  /** URIs under {@code apiBaseUrl} (no trailing slash). */
  public Uris(String apiBaseUrl) {
    this.base = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
  }

  /** The base URL, without a trailing slash. */
  public String base() {
    return base;
  }

  public String user(String uuid) {
    return base + "/users/" + uuid;
  }

  public String organization(String uuid) {
    return base + "/organizations/" + uuid;
  }

  public String membership(String uuid) {
    return base + "/organization_memberships/" + uuid;
  }

  public String invitation(String organizationUuid, String uuid) {
    return base + "/organizations/" + organizationUuid + "/invitations/" + uuid;
  }

  public String eventType(String uuid) {
    return base + "/event_types/" + uuid;
  }

  public String scheduledEvent(String uuid) {
    return base + "/scheduled_events/" + uuid;
  }

  public String invitee(String eventUuid, String uuid) {
    return base + "/scheduled_events/" + eventUuid + "/invitees/" + uuid;
  }

  public String schedule(String uuid) {
    return base + "/user_availability_schedules/" + uuid;
  }

  public String noShow(String uuid) {
    return base + "/invitee_no_shows/" + uuid;
  }

  public String share(String uuid) {
    return base + "/shares/" + uuid;
  }

  public String eventTypeMembership(String uuid) {
    return base + "/event_type_memberships/" + uuid;
  }

  public String webhook(String uuid) {
    return base + "/webhook_subscriptions/" + uuid;
  }

  /** A page a person would open in a browser, e.g. a scheduling page; not an API resource. */
  public String page(String path) {
    return base + "/" + path;
  }

  /**
   * The uuid in a URI of the form {@code …/{collection}/{uuid}}, or empty when the value is not
   * such a URI.
   */
  public Optional<String> uuidOf(String value, String collection) {
    if (value == null) {
      return Optional.empty();
    }
    String path;
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getRawPath() == null) {
        return Optional.empty();
      }
      path = uri.getRawPath();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String prefix = "/" + collection + "/";
    if (!path.startsWith(prefix)) {
      return Optional.empty();
    }
    String id = path.substring(prefix.length());
    return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }
}
