package dev.calendlymcp.sandbox.http;

import java.util.List;

/**
 * One endpoint: method and path template, how it is guarded, and its handler.
 *
 * @param method HTTP method
 * @param template path template, e.g. {@code /scheduled_events/{uuid}}
 * @param kind which parts of the pipeline apply
 * @param scopes the OAuth scopes that grant an API route, any one of them enough (Calendly's
 *     pages sometimes name two for one endpoint); empty otherwise
 * @param lock how the handler uses the store
 * @param handler the handler
 */
public record Route(
    String method, String template, Kind kind, List<String> scopes, Lock lock, Handler handler) {

  public Route {
    scopes = List.copyOf(scopes);
  }

  /** Which parts of the request pipeline apply to a route. */
  public enum Kind {
    /** Calendly API: counted, faults, bearer token, scope, rate limits, rate-limit headers. */
    API,
    /** Open to anyone (e.g. OAuth token endpoints): counted and faults, no bearer token. */
    OPEN,
    /** The sandbox's own admin endpoints: none of the above. */
    ADMIN
  }

  /** How a handler uses the store; the pipeline takes the lock around it. */
  public enum Lock {
    READ,
    WRITE,
    /** The handler locks by itself (or does not touch the store). */
    NONE
  }

  /** The name requests are counted under, e.g. {@code GET /users/{uuid}}. */
  public String key() {
    return method + " " + template;
  }

  /** The scopes as a 403 names them, e.g. {@code event_types:read or availability:read}. */
  public String scopeNames() {
    return String.join(" or ", scopes);
  }

  List<String> segments() {
    return Router.segments(template);
  }
}
