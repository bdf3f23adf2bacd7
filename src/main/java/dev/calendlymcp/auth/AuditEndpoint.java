package dev.calendlymcp.auth;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditLog;
import dev.calendlymcp.audit.AuditQuery;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSince;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.BrowserSession;
import dev.calendlymcp.auth.store.Hashes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /audit}: the signed-in browser's user reads what their agents did, newest first, one
 * plain-English line a call, narrowed by {@code since}, {@code agent} and {@code decision}. Only
 * records made for that user's Calendly account are read, so one user never sees another's agents.
 * The browser is known the way {@code /consents} knows it: by the session cookie its sign-in set.
 */
final class AuditEndpoint {

  static final String PATH = "/audit";

  /** The most records one page shows; the audit folder can hold months of calls. */
  static final int PAGE_SIZE = 100;

  static final String SINCE = "since";
  static final String AGENT = "agent";
  static final String DECISION = "decision";

  private static final Set<String> PARAMETERS = Set.of(SINCE, AGENT, DECISION);
  private static final int MAX_SINCE_LENGTH = 40;

  private final AuthSettings settings;
  private final AuthStore store;
  private final AuditLog audit;

  AuditEndpoint(AuthSettings settings, AuthStore store, AuditLog audit) {
    this.settings = settings;
    this.store = store;
    this.audit = audit;
  }

  /** The filters a person chose; empty fields (an unfilled form) mean no filter. */
  record Filters(String since, String agent, String decision) {
    boolean any() {
      return !since.isEmpty() || !agent.isEmpty() || !decision.isEmpty();
    }
  }

  Mono<Void> page(HttpServerRequest request, HttpServerResponse response) {
    // Signed in first: a stranger learns nothing, not even which filters are valid.
    return Web.either(user(request), session -> {
      Filters filters;
      AuditQuery query;
      try {
        filters = filters(Web.query(request));
        query = query(filters, session.userUri());
      } catch (Web.Malformed e) {
        return Web.html(response, 400, AuditPage.refused("The address's query cannot be read."));
      } catch (IllegalArgumentException e) {
        return Web.html(response, 400, AuditPage.refused(e.getMessage()));
      }
      // The audit's files are read with blocking I/O: never on an event-loop thread.
      return Mono.fromCallable(() -> audit.read(query))
          .subscribeOn(Schedulers.boundedElastic())
          .flatMap(records -> Web.html(response, 200, AuditPage.records(newestFirst(records), filters, PAGE_SIZE)));
    }, () -> notSignedIn(response));
  }

  /** @throws IllegalArgumentException for an unknown or repeated parameter, its message fit for the page */
  static Filters filters(Map<String, List<String>> parameters) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (!PARAMETERS.contains(parameter.getKey())) {
        throw new IllegalArgumentException("This page takes only the filters since, agent and decision.");
      }
      if (parameter.getValue().size() != 1) {
        throw new IllegalArgumentException("The filter " + parameter.getKey() + " is given more than once.");
      }
    }
    return new Filters(value(parameters, SINCE), value(parameters, AGENT), value(parameters, DECISION));
  }

  private static String value(Map<String, List<String>> parameters, String name) {
    return Web.first(parameters, name).map(String::strip).orElse("");
  }

  /** @throws IllegalArgumentException naming the bad filter and what it takes */
  AuditQuery query(Filters filters, String userUri) {
    AuditQuery query = AuditQuery.all().user(userUri).limit(PAGE_SIZE);
    if (!filters.since().isEmpty()) {
      if (filters.since().length() > MAX_SINCE_LENGTH) {
        throw new IllegalArgumentException("since is too long: give a duration (90s, 30m, 1h, 2d, 1w), a date"
            + " (2026-11-24) or an instant (2026-11-24T10:00:00Z).");
      }
      try {
        query = query.since(AuditSince.parse(filters.since(), settings.clock().instant()));
      } catch (IllegalArgumentException e) {
        // The parser's message quotes the value: the page names the filter and the forms only.
        throw new IllegalArgumentException("since must be a duration (90s, 30m, 1h, 2d, 1w), a date (2026-11-24)"
            + " or an instant (2026-11-24T10:00:00Z).", e);
      }
    }
    if (!filters.agent().isEmpty()) {
      if (filters.agent().length() > 200 || filters.agent().chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("agent must be an agent's name or client id: at most 200 characters,"
            + " on one line.");
      }
      query = query.agent(filters.agent());
    }
    if (!filters.decision().isEmpty()) {
      query = query.decision(decision(filters.decision()));
    }
    return query;
  }

  private static AuditDecision decision(String text) {
    for (AuditDecision decision : AuditDecision.values()) {
      if (decision.wireName().equals(text)) {
        return decision;
      }
    }
    throw new IllegalArgumentException("decision must be allowed, denied or undecided.");
  }

  /** By time, newest first: a call is appended when it ends, so a long one lands after shorter, later ones. */
  private static List<AuditRecord> newestFirst(List<AuditRecord> records) {
    List<AuditRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparing(AuditRecord::time).reversed());
    return sorted;
  }

  private Mono<BrowserSession> user(HttpServerRequest request) {
    return Mono.justOrEmpty(Web.cookie(request, AuthorizeEndpoint.SESSION_COOKIE))
        .flatMap(id -> store.findBrowserSession(Hashes.sha256(id), settings.clock().instant()));
  }

  private static Mono<Void> notSignedIn(HttpServerResponse response) {
    return Web.html(response, 401, AuditPage.refused(
        "This browser has not signed in here. Connect an MCP client first; its sign-in signs this browser in."));
  }

}
