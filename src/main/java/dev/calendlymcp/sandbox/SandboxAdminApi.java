package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.faults.Fault;
import dev.calendlymcp.sandbox.faults.FaultRule;
import dev.calendlymcp.sandbox.faults.Faults;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Problems;
import dev.calendlymcp.sandbox.http.Route;
import dev.calendlymcp.sandbox.http.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's own endpoints, without authentication (the sandbox listens on 127.0.0.1 only):
 *
 * <ul>
 *   <li>{@code POST /_sandbox/faults} adds faults; the body is one fault object or {@code
 *       {"faults": [...]}}. A fault object has an optional {@code endpoint} ({@code "POST
 *       /invitees"}; absent for all) and any of {@code latency_ms} (a number, or {@code {"min",
 *       "max"}}), {@code error} ({@code {"rate", "status"}}), {@code drop} ({@code {"rate"}}),
 *       {@code malformed} ({@code {"rate"}}) and {@code rate_limit_burst} ({@code {"requests",
 *       "retry_after_seconds"}}).
 *   <li>{@code GET /_sandbox/faults} lists them; {@code DELETE /_sandbox/faults} clears them.
 *   <li>{@code GET /_sandbox/stats} gives request counts; {@code DELETE /_sandbox/stats} resets
 *       them.
 * </ul>
 */
final class SandboxAdminApi {

  private final Faults faults;
  private final SandboxStats stats;
  private final Router router;

  SandboxAdminApi(Faults faults, SandboxStats stats, Router router) {
    this.faults = faults;
    this.stats = stats;
    this.router = router;
  }

  void register(Router target) {
    target.admin("POST", "/_sandbox/faults", this::addFaults);
    target.admin("GET", "/_sandbox/faults", request -> ApiResponse.json(200, faultsView()));
    target.admin("DELETE", "/_sandbox/faults", request -> {
      faults.clear();
      return ApiResponse.noContent();
    });
    target.admin("GET", "/_sandbox/stats", request -> ApiResponse.json(200, statsView()));
    target.admin("DELETE", "/_sandbox/stats", request -> {
      stats.reset();
      return ApiResponse.noContent();
    });
  }

  private ApiResponse addFaults(ApiRequest request) {
    JsonNode body = request.jsonBody();
    List<JsonNode> items = new ArrayList<>();
    if (body.has("faults")) {
      JsonNode list = body.get("faults");
      if (!list.isArray()) {
        throw ApiException.invalid("faults", "must be an array");
      }
      items.addAll(list.values());
    } else {
      items.add(body);
    }
    Problems problems = new Problems();
    List<FaultRule> rules = new ArrayList<>();
    List<int[]> bursts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      parse(items.get(i), items.size() == 1 ? "" : "faults[" + i + "].", problems, rules, bursts);
    }
    if (rules.isEmpty() && bursts.isEmpty() && problems.isEmpty()) {
      problems.add("body", "name at least one of latency_ms, error, drop, malformed, rate_limit_burst");
    }
    problems.throwIfAny();
    rules.forEach(faults::add);
    bursts.forEach(b -> faults.rateLimitBurst(b[0], Duration.ofSeconds(b[1])));
    return ApiResponse.json(201, faultsView());
  }

  private void parse(JsonNode item, String prefix, Problems problems, List<FaultRule> rules, List<int[]> bursts) {
    if (!item.isObject()) {
      problems.add(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be an object");
      return;
    }
    String endpoint = null;
    if (item.hasNonNull("endpoint")) {
      endpoint = item.get("endpoint").asString();
      String wanted = endpoint;
      boolean known = router.routes().stream()
          .anyMatch(r -> r.kind() != Route.Kind.ADMIN && r.key().equals(wanted));
      if (!known) {
        problems.add(prefix + "endpoint", "must name an endpoint as METHOD /template, e.g. POST /invitees");
        return;
      }
    }
    try {
      if (item.has("latency_ms")) {
        JsonNode latency = item.get("latency_ms");
        if (latency.isNumber()) {
          rules.add(new FaultRule(endpoint, new Fault.Latency(ms(latency), ms(latency))));
        } else {
          rules.add(new FaultRule(endpoint, new Fault.Latency(ms(latency.path("min")), ms(latency.path("max")))));
        }
      }
      if (item.has("error")) {
        JsonNode error = item.get("error");
        rules.add(new FaultRule(endpoint, new Fault.Error(rate(error), error.path("status").asInt(500))));
      }
      if (item.has("drop")) {
        rules.add(new FaultRule(endpoint, new Fault.Drop(rate(item.get("drop")))));
      }
      if (item.has("malformed")) {
        rules.add(new FaultRule(endpoint, new Fault.Malformed(rate(item.get("malformed")))));
      }
      if (item.has("rate_limit_burst")) {
        JsonNode burst = item.get("rate_limit_burst");
        int requests = burst.path("requests").asInt(-1);
        int retryAfter = burst.path("retry_after_seconds").asInt(1);
        if (requests < 0 || retryAfter < 0) {
          throw new IllegalArgumentException("rate_limit_burst needs requests >= 0 and retry_after_seconds >= 0");
        }
        bursts.add(new int[] {requests, retryAfter});
      }
    } catch (IllegalArgumentException e) {
      problems.add(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), e.getMessage());
    }
  }

  private static Duration ms(JsonNode node) {
    if (!node.isNumber()) {
      throw new IllegalArgumentException("latency_ms must be a number of milliseconds or {\"min\", \"max\"}");
    }
    return Duration.ofMillis(node.asLong());
  }

  private static double rate(JsonNode node) {
    JsonNode rate = node.path("rate");
    if (rate.isMissingNode()) {
      return 1.0;
    }
    if (!rate.isNumber()) {
      throw new IllegalArgumentException("rate must be a number between 0 and 1");
    }
    return rate.asDouble();
  }

  private ObjectNode faultsView() {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("faults");
    for (FaultRule rule : faults.rules()) {
      ObjectNode item = list.addObject();
      item.put("endpoint", rule.endpoint());
      Fault fault = rule.fault();
      if (fault instanceof Fault.Latency latency) {
        item.putObject("latency_ms").put("min", latency.min().toMillis()).put("max", latency.max().toMillis());
      } else if (fault instanceof Fault.Error error) {
        item.putObject("error").put("rate", error.rate()).put("status", error.status());
      } else if (fault instanceof Fault.Drop drop) {
        item.putObject("drop").put("rate", drop.rate());
      } else if (fault instanceof Fault.Malformed malformed) {
        item.putObject("malformed").put("rate", malformed.rate());
      }
    }
    body.put("rate_limit_burst_left", faults.burstLeft());
    return body;
  }

  private ObjectNode statsView() {
    ObjectNode body = Json.object();
    body.put("total", stats.total());
    ObjectNode endpoints = body.putObject("endpoints");
    stats.counts().forEach(endpoints::put);
    return body;
  }
}
