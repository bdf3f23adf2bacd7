package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.Endpoint;
import dev.calendlymcp.calendly.OutboundRequest;
import dev.calendlymcp.calendly.RateLimitHeaders;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code calendly-mcp doctor}: checks what a working setup needs, in the order a user would fix
 * it, and prints one line per check: {@code ok}, {@code info}, {@code warn} (works, with a limit
 * worth knowing) or {@code FIX} (with what to do). Only reads: every Calendly call is a GET.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
        "Check this installation and its Calendly access, and print what to fix, line by line:",
        "Java and the launcher's start-up archive; the login or token and whether Calendly accepts it;"
            + " its scopes; the plan (what Calendly will refuse); the clock against Calendly's; the rate-limit"
            + " headroom; whether Calendly is reachable; the MCP client configurations found and whether they"
            + " start this installation. It only reads (GET requests)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:nothing to fix (warn and info lines may remain)",
        "1:at least one FIX line"})
final class DoctorCommand implements Callable<Integer> {

  /** Beyond this, OAuth expiry and the times tools show drift noticeably; NTP keeps clocks far closer. */
  static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(30);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Option(names = "--sandbox", description = "Check against the embedded sandbox (its seeded owner on a paid plan)"
      + " instead of the stored login or CALENDLY_TOKEN.")
  boolean sandbox;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the login is kept. Default:"
      + " $CALENDLY_MCP_DATA_DIR, else $XDG_DATA_HOME/calendly-mcp or ~/.local/share/calendly-mcp.")
  Path dataDir;

  private final Console console;
  private final Clock clock;
  private PrintStream out;
  private int toFix;

  DoctorCommand(Console console, Clock clock) {
    this.console = console;
    this.clock = clock;
  }

  /** A token to check, and how it was given. */
  private record Credentials(AccessToken token, String source, CalendlyConfig config, Optional<StoredLogin> login) {}

  @Override
  public Integer call() {
    toFix = 0;
    out = new PrintStream(console.out(), true, StandardCharsets.UTF_8);
    checkJava();
    checkArchive();
    Map<String, String> env = console.env();
    try (Sandbox embedded = sandbox ? Sandbox.start(SandboxConfig.defaults()) : null) {
      Optional<Credentials> credentials = credentials(env, embedded);
      credentials.ifPresent(this::checkCalendly);
    } catch (IllegalArgumentException | IllegalStateException e) {
      fix("Configuration: " + e.getMessage());
    }
    checkClients(env);
    line(toFix == 0 ? "ok" : "FIX", toFix == 0 ? "Nothing to fix." : toFix + (toFix == 1 ? " thing" : " things")
        + " to fix (the FIX lines above).");
    return toFix == 0 ? 0 : 1;
  }

  private void checkJava() {
    Runtime.Version version = Runtime.version();
    String home = System.getProperty("java.home");
    if (version.feature() >= 25) {
      ok("Java " + version + " (" + home + "): starts with an AOT cache");
    } else {
      ok("Java " + version + " (" + home + ")");
      info("JDK 25 or later starts faster (the launcher then uses an AOT cache); set JAVA_HOME to one if installed");
    }
  }

  /** Reads the launcher's stamp for this jar and JDK (see bin/calendly-mcp). */
  private void checkArchive() {
    Optional<Path> jar = Installation.jar();
    if (jar.isEmpty()) {
      info("Start-up archive: not checked (not running from the jar)");
      return;
    }
    if ("off".equals(console.env().get("CALENDLY_MCP_ARCHIVE"))) {
      info("Start-up archive: off (CALENDLY_MCP_ARCHIVE=off)");
      return;
    }
    Optional<Path> root = cacheRoot(console.env());
    String home = System.getProperty("java.home");
    try (Stream<Path> slots = root.filter(Files::isDirectory).isPresent() ? Files.list(root.get()) : Stream.empty()) {
      Optional<String[]> stamp = slots.map(slot -> slot.resolve("stamp")).filter(Files::isRegularFile)
          .map(DoctorCommand::readQuietly)
          .map(text -> text.strip().split("\\|"))
          .filter(fields -> fields.length >= 6 && fields[1].equals(jar.get().toString()) && fields[3].equals(home))
          .findFirst();
      if (stamp.isEmpty()) {
        info("Start-up archive: none yet for this jar and JDK; the launcher makes one in the background on its next start");
      } else if (!stamp.get()[2].equals(Files.size(jar.get()) + " " + Files.getLastModifiedTime(jar.get()).toInstant().getEpochSecond())) {
        info("Start-up archive: made for an earlier build of the jar; the launcher remakes it on its next start");
      } else {
        ok("Start-up archive: ready (" + root.get() + ")");
      }
    } catch (IOException e) {
      info("Start-up archive: cache folder unreadable (" + e.getMessage() + "); the server starts without one");
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static Optional<Path> cacheRoot(Map<String, String> env) {
    String explicit = env.get("CALENDLY_MCP_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "calendly-mcp"));
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    Path mac = Path.of(home, "Library", "Caches");
    return Optional.of(Files.isDirectory(mac) ? mac.resolve("calendly-mcp") : Path.of(home, ".cache", "calendly-mcp"));
  }

  private Optional<Credentials> credentials(Map<String, String> env, Sandbox embedded) {
    CalendlyConfig config = CalendlyConfig.fromEnvironment(env);
    if (embedded != null) {
      ok("Credentials: the embedded sandbox's seeded owner (--sandbox)");
      return Optional.of(new Credentials(AccessToken.of(embedded.user(Plan.TEAMS, Role.OWNER).token()), "sandbox",
          config.withApiBaseUrl(URI.create(embedded.apiBaseUrl())).withAuthBaseUrl(URI.create(embedded.authBaseUrl())),
          Optional.empty()));
    }
    String token = env.get("CALENDLY_TOKEN");
    if (token != null && !token.isBlank()) {
      ok("Credentials: CALENDLY_TOKEN (it wins over a stored login)");
      return Optional.of(new Credentials(AccessToken.of(token), "CALENDLY_TOKEN", config, Optional.empty()));
    }
    LoginStore store = LoginStore.in(dataDir, env);
    Optional<StoredLogin> login = store.load();
    if (login.isEmpty()) {
      fix("Not signed in: run `calendly-mcp login` (or set CALENDLY_TOKEN in the client's configuration)");
      return Optional.empty();
    }
    StoredLogin stored = login.get();
    ok("Credentials: stored login of " + stored.email() + " ("
        + (stored.kind() == StoredLogin.Kind.OAUTH ? "OAuth" : "personal access token") + ", " + store.file() + ")");
    if (!env.containsKey("CALENDLY_API_BASE_URL")) {
      config = config.withApiBaseUrl(stored.apiBaseUrl()).withAuthBaseUrl(stored.authBaseUrl());
    }
    AccessToken access = stored.accessToken();
    if (stored.kind() == StoredLogin.Kind.OAUTH
        && stored.expiresAt().map(at -> !at.isAfter(clock.instant().plus(StoredLoginAccess.REFRESH_AHEAD))).orElse(false)) {
      try (StoredLoginAccess refreshing = new StoredLoginAccess(store, env, clock)) {
        access = refreshing.client().users().me().then(Mono.fromSupplier(() -> refreshing.tokenInUse().orElseThrow()))
            .block();
        ok("OAuth access token renewed with the stored refresh token");
      } catch (CalendlyException e) {
        fix("The stored OAuth login could not be renewed (" + e.getMessage() + "): run `calendly-mcp login` again");
        return Optional.empty();
      }
    }
    return Optional.of(new Credentials(access, "stored login", config, login));
  }

  private void checkCalendly(Credentials credentials) {
    CalendlyConfig config = credentials.config();
    try (CalendlyHttp http = CalendlyHttp.create(config)) {
      long started = System.nanoTime();
      CalendlyHttp.RawResponse me;
      try {
        me = get(http, credentials.token(), Endpoint.GET_CURRENT_USER, List.of());
      } catch (CalendlyException e) {
        fix("Calendly at " + config.apiBaseUrl() + " is not reachable (" + e.getMessage() + "): check the network,"
            + " a proxy or firewall, and CALENDLY_API_BASE_URL");
        return;
      }
      ok("Calendly reachable at " + config.apiBaseUrl() + " (" + Duration.ofNanos(System.nanoTime() - started).toMillis()
          + " ms)");
      checkClock(me);
      if (me.status() == 401) {
        fix("Calendly refused the token (" + credentials.source() + "): it expired or was revoked. "
            + ("stored login".equals(credentials.source()) ? "Run `calendly-mcp login` again."
                : "Create a new personal access token (Calendly → Integrations → API & Webhooks) or run"
                    + " `calendly-mcp login`."));
        return;
      }
      if (me.status() != 200) {
        fix("GET /users/me answered " + me.status() + ": " + calendlyMessage(me));
        return;
      }
      JsonNode user = body(me).path("resource");
      String userUri = user.path("uri").asString();
      String organization = user.path("current_organization").asString();
      ok("Token valid: " + user.path("name").asString() + " <" + user.path("email").asString() + ">");
      checkRateLimit(me);
      checkScopesAndPlan(http, credentials, userUri, organization);
    }
  }

  private void checkClock(CalendlyHttp.RawResponse response) {
    String date = response.headers().get("Date");
    if (date == null) {
      info("Clock: Calendly sent no Date header to compare with");
      return;
    }
    try {
      Instant theirs = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration skew = Duration.between(theirs, clock.instant());
      long seconds = Math.abs(skew.getSeconds());
      if (skew.abs().compareTo(CLOCK_TOLERANCE) > 0) {
        fix("Clock: this machine is " + seconds + " s " + (skew.isNegative() ? "behind" : "ahead of")
            + " Calendly; OAuth expiry and meeting times shown to agents depend on it: turn on time synchronisation (NTP)");
      } else {
        ok("Clock: within " + Math.max(1, seconds) + " s of Calendly's");
      }
    } catch (DateTimeParseException e) {
      info("Clock: Calendly's Date header was not readable");
    }
  }

  private void checkRateLimit(CalendlyHttp.RawResponse response) {
    RateLimitHeaders headers = RateLimitHeaders.parse(response.headers()::get);
    if (headers.limit().isEmpty() || headers.remaining().isEmpty()) {
      info("Rate limit: Calendly did not say (no X-RateLimit headers)");
      return;
    }
    int limit = headers.limit().getAsInt();
    int remaining = headers.remaining().getAsInt();
    String reset = headers.reset().map(d -> ", resets in " + d.toSeconds() + " s").orElse("");
    if (remaining * 10 < limit) {
      warn("Rate limit: " + remaining + " of " + limit + " requests left" + reset
          + "; another client or script is using this user's budget, and tools will wait for it");
    } else {
      ok("Rate limit: " + remaining + " of " + limit + " requests left" + reset);
    }
  }

  /** What each read the tools need says; a write cannot be tried without changing something. */
  private void checkScopesAndPlan(CalendlyHttp http, Credentials credentials, String userUri, String organization) {
    record Probe(Endpoint endpoint, List<Map.Entry<String, String>> query, String what) {}
    List<Probe> probes = List.of(
        new Probe(Endpoint.LIST_EVENT_TYPES, List.of(Map.entry("user", userUri), Map.entry("count", "1")),
            "event types and open times"),
        new Probe(Endpoint.LIST_SCHEDULED_EVENTS, List.of(Map.entry("user", userUri), Map.entry("count", "1")),
            "meetings"),
        new Probe(Endpoint.LIST_ORGANIZATION_MEMBERSHIPS,
            List.of(Map.entry("organization", organization), Map.entry("count", "1")), "team members"),
        new Probe(Endpoint.LIST_WEBHOOK_SUBSCRIPTIONS, List.of(Map.entry("organization", organization),
            Map.entry("user", userUri), Map.entry("scope", "user"), Map.entry("count", "1")), "webhooks"));
    List<String> missing = new ArrayList<>();
    for (Probe probe : probes) {
      CalendlyHttp.RawResponse response;
      try {
        response = get(http, credentials.token(), probe.endpoint(), probe.query());
      } catch (CalendlyException e) {
        warn("Could not check " + probe.what() + " (" + e.getMessage() + ")");
        continue;
      }
      String message = calendlyMessage(response);
      if (response.status() == 403) {
        missing.add(probe.endpoint().scope().wireName() + " (" + probe.what() + ")");
      } else if (response.status() != 200) {
        warn("Checking " + probe.what() + " got " + response.status() + ": " + message);
      }
    }
    credentials.login().filter(login -> !login.scopes().isEmpty()).ifPresent(login -> {
      for (String write : List.of("scheduled_events:write", "scheduling_links:write")) {
        if (!login.scopes().contains(write)) {
          missing.add(write + " (booking, cancelling, booking links)");
        }
      }
    });
    if (missing.isEmpty()) {
      ok("Scopes: every read the default tools need is allowed");
    } else {
      fix("Scopes missing: " + String.join(", ", missing) + ". Tools that need them will be refused: "
          + ("stored login".equals(credentials.source()) && credentials.login().map(l -> l.kind() == StoredLogin.Kind.OAUTH).orElse(false)
              ? "run `calendly-mcp login` again and allow them"
              : "create a personal access token with them (Calendly → Integrations → API & Webhooks)"));
    }
    checkPlan(http, credentials, organization);
  }

  /**
   * The organization's plan, as Get Organization reports it. Since Calendly's 2026-11-03 release
   * booking by API and webhooks work on every plan; Free keeps a small booking budget and no
   * routing-form, meeting-recap or contact events.
   */
  private void checkPlan(CalendlyHttp http, Credentials credentials, String organization) {
    CalendlyHttp.RawResponse response;
    try {
      response = get(http, credentials.token(), Endpoint.GET_ORGANIZATION,
          List.of(organization.substring(organization.lastIndexOf('/') + 1)), List.of());
    } catch (CalendlyException e) {
      info("Plan: not known (" + e.getMessage() + ")");
      return;
    }
    JsonNode resource = body(response).path("resource");
    if (response.status() != 200 || !resource.hasNonNull("plan")) {
      info("Plan: not known (reading the organization got " + response.status() + ")");
      return;
    }
    String plan = resource.path("plan").asString();
    if ("free".equals(resource.path("stage").asString()) || "free".equals(plan)) {
      warn("Plan: " + plan + ": booking works with Calendly's small Free booking budget; webhooks for routing"
          + " forms, meeting recaps and contacts will be refused");
    } else {
      ok("Plan: " + plan);
    }
  }

  private void checkClients(Map<String, String> env) {
    Optional<Path> launcher = Installation.launcher();
    boolean any = false;
    for (McpClient client : McpClient.values()) {
      ClientConfigFile file = new ClientConfigFile(client, client.defaultFile(env), clock);
      if (!Files.exists(file.file())) {
        continue;
      }
      any = true;
      Map<String, JsonNode> servers;
      try {
        servers = file.servers();
      } catch (ClientConfigFile.RefusedException e) {
        fix(client.title + ": " + e.getMessage());
        continue;
      }
      List<Map.Entry<String, JsonNode>> ours = servers.entrySet().stream()
          .filter(entry -> entry.getKey().equals("calendly") || entry.getValue().toString().contains("calendly-mcp"))
          .toList();
      if (ours.isEmpty()) {
        info(client.title + " (" + file.file() + "): no calendly-mcp server; `calendly-mcp config " + client.id
            + " --install` adds one");
        continue;
      }
      for (Map.Entry<String, JsonNode> entry : ours) {
        String command = entry.getValue().path("command").asString("");
        if (launcher.isPresent() && Path.of(command).toAbsolutePath().normalize().equals(launcher.get())) {
          ok(client.title + ": \"" + entry.getKey() + "\" starts this installation (" + file.file() + ")");
        } else if (entry.getValue().path("env").has("CALENDLY_TOKEN")) {
          warn(client.title + ": \"" + entry.getKey() + "\" keeps a token in " + file.file() + " and starts " + command
              + "; `calendly-mcp login` then `calendly-mcp config " + client.id + " --install` replaces it");
        } else {
          warn(client.title + ": \"" + entry.getKey() + "\" starts " + command + ", not this installation's launcher;"
              + " `calendly-mcp config " + client.id + " --install` points it here");
        }
      }
    }
    if (!any) {
      info("MCP clients: no configuration file of " + McpClient.ids() + " found; `calendly-mcp config <client>`");
    }
  }

  private CalendlyHttp.RawResponse get(CalendlyHttp http, AccessToken token, Endpoint endpoint,
      List<Map.Entry<String, String>> query) {
    return get(http, token, endpoint, List.of(), query);
  }

  private CalendlyHttp.RawResponse get(CalendlyHttp http, AccessToken token, Endpoint endpoint,
      List<String> pathIds, List<Map.Entry<String, String>> query) {
    OutboundRequest request = new OutboundRequest(endpoint, OutboundRequest.pathAndQuery(endpoint, pathIds, query),
        Map.of("Authorization", "Bearer " + token.reveal(), "Accept", "application/json"), null, null,
        token.fingerprint());
    Progress waiting = Progress.start(console, "Waiting for Calendly (" + request.pathAndQuery() + ")");
    try {
      return http.send(request).block();
    } finally {
      waiting.close();
    }
  }

  private static JsonNode body(CalendlyHttp.RawResponse response) {
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException e) {
      return JSON.createObjectNode();
    }
  }

  /** Calendly's own explanation ({@code message}, else {@code title}); never echoes a token. */
  private static String calendlyMessage(CalendlyHttp.RawResponse response) {
    JsonNode body = body(response);
    String message = body.path("message").asString("");
    return message.isBlank() ? body.path("title").asString("(no explanation)") : message;
  }

  private void ok(String text) {
    line("ok", text);
  }

  private void info(String text) {
    line("info", text);
  }

  private void warn(String text) {
    line("warn", text);
  }

  private void fix(String text) {
    toFix++;
    line("FIX", text);
  }

  private void line(String status, String text) {
    out.printf(Locale.ROOT, "%-5s %s%n", status, text);
  }
}
