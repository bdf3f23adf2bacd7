package dev.calendlymcp.sandbox.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps method and path to a route. Templates are matched segment by segment; {@code {name}}
 * matches any one segment. The first matching route wins, so literal routes such as {@code
 * /users/me} are registered before {@code /users/{uuid}}. Routes can be added while the server
 * runs (other modules, e.g. OAuth, register theirs after the core).
 */
public final class Router {

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /** A Calendly API route that only reads the store. */
  public Router read(String method, String template, String scope, Handler handler) {
    return read(method, template, List.of(scope), handler);
  }

  /** A Calendly API route that only reads the store and that any one of {@code scopes} grants. */
  public Router read(String method, String template, List<String> scopes, Handler handler) {
    return add(new Route(method, template, Route.Kind.API, scopes, Route.Lock.READ, handler));
  }

  /** A Calendly API route that changes the store. */
  public Router write(String method, String template, String scope, Handler handler) {
    return add(new Route(method, template, Route.Kind.API, List.of(scope), Route.Lock.WRITE, handler));
  }

  /** An unauthenticated route that is counted and subject to faults. */
  public Router open(String method, String template, Route.Lock lock, Handler handler) {
    return add(new Route(method, template, Route.Kind.OPEN, List.of(), lock, handler));
  }

  /** A sandbox admin route. */
  public Router admin(String method, String template, Handler handler) {
    return add(new Route(method, template, Route.Kind.ADMIN, List.of(), Route.Lock.NONE, handler));
  }

  /** Adds {@code route}; a route with the same method and template is a programming error. */
  public Router add(Route route) {
    for (Route existing : routes) {
      if (existing.key().equals(route.key())) {
        throw new IllegalArgumentException("route registered twice: " + route.key());
      }
    }
    routes.add(route);
    return this;
  }

  /** Every route, in registration order. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** The route for {@code method} and {@code path}, if any. */
  public Optional<RouteMatch> match(String method, String path) {
    List<String> parts = segments(path);
    for (Route route : routes) {
      if (!route.method().equals(method)) {
        continue;
      }
      Map<String, String> variables = bind(route.segments(), parts);
      if (variables != null) {
        return Optional.of(new RouteMatch(route, variables));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> bind(List<String> template, List<String> parts) {
    if (template.size() != parts.size()) {
      return null;
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      String actual = parts.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        if (actual.isEmpty()) {
          return null;
        }
        variables.put(expected.substring(1, expected.length() - 1), actual);
      } else if (!expected.equals(actual)) {
        return null;
      }
    }
    return variables;
  }

  static List<String> segments(String path) {
    List<String> parts = new ArrayList<>();
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return parts;
    }
    for (String part : trimmed.split("/", -1)) {
      parts.add(part);
    }
    return parts;
  }
}
