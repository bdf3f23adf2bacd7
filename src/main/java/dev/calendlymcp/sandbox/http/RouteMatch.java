package dev.calendlymcp.sandbox.http;

import java.util.Map;

/**
 * A route that matched a request, with the values of its path variables.
 *
 * @param route the route
 * @param variables path variable values by name
 */
public record RouteMatch(Route route, Map<String, String> variables) {}
