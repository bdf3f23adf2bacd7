package dev.calendlymcp.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The MCP Streamable HTTP transport (specification 2025-11-25) on Reactor Netty: the SDK ships it
 * only for servlets. It moves JSON-RPC messages and manages sessions, nothing else; the caller
 * routes the endpoint to {@link #handle}, authenticates each request and passes what it learnt in
 * the {@link McpTransportContext}, which reaches tool handlers as {@code
 * McpAsyncServerExchange.transportContext()}.
 *
 * <p>A session is bound to the {@link #PRINCIPAL} of the context that initialized it; any other
 * principal gets exactly the 404 of an unknown session. Requests are answered on an SSE stream
 * whose events carry ids, and a client that lost a stream gets the events it missed with {@code
 * GET} and {@code Last-Event-ID}. Nothing here blocks an event-loop thread.
 */
public final class NettyStreamableServerTransportProvider implements McpStreamableServerTransportProvider {

  /** Context key whose value (any non-null Object with equals) is the principal a session is bound to. */
  public static final String PRINCIPAL = "calendly-mcp.principal";

  /**
   * Context key whose value (any Object with equals) is the client a session counts against for
   * {@link SessionLimits#perClient()}; absent, the session counts against no client.
   */
  public static final String CLIENT = "calendly-mcp.client";

  private static final String CANCELLED = "notifications/cancelled";

  static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
  static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
  static final int DEFAULT_EVENT_HISTORY = 256;

  /**
   * The versions this transport speaks: Streamable HTTP first appeared in 2025-03-26, so 2024-11-05
   * (HTTP+SSE) is not among them. The SDK negotiates {@code initialize} from this list.
   */
  private static final List<String> SUPPORTED_VERSIONS =
      List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

  private static final Logger log = LoggerFactory.getLogger(NettyStreamableServerTransportProvider.class);

  private final McpJsonMapper jsonMapper;
  private final ServerHttpHeaderValidator securityValidator;
  private final int maxRequestBytes;
  private final Duration sessionIdleTimeout;
  private final Duration keepAliveInterval;
  private final int eventHistory;
  private final SessionLimits sessionLimits;
  private final Clock clock;
  private final Scheduler scheduler;
  private final RequestInterceptor requestInterceptor;
  private final Consumer<String> sessionEnded;
  private final Replies replies;
  private final MessageScreen screen;
  private final ConcurrentMap<String, HttpSession> sessions = new ConcurrentHashMap<>();
  /** Held while a session is counted against its limits and added, so two cannot take the last place. */
  private final Object admission = new Object();
  private final Disposable sweeper;
  private volatile McpStreamableServerSession.Factory sessionFactory;
  private volatile boolean closing;

  private NettyStreamableServerTransportProvider(Builder builder) {
    this.jsonMapper = builder.jsonMapper;
    this.securityValidator = builder.securityValidator;
    this.maxRequestBytes = builder.maxRequestBytes;
    this.sessionIdleTimeout = builder.sessionIdleTimeout;
    this.keepAliveInterval = builder.keepAliveInterval;
    this.eventHistory = builder.eventHistory;
    this.sessionLimits = builder.sessionLimits;
    this.clock = builder.clock;
    this.scheduler = builder.scheduler;
    this.requestInterceptor = builder.requestInterceptor;
    this.sessionEnded = builder.sessionEnded;
    this.replies = new Replies(jsonMapper);
    this.screen = new MessageScreen(jsonMapper, builder.messageLimits, new Refusals(builder.meterRegistry));
    Gauge.builder("mcp.replay.bytes", this, NettyStreamableServerTransportProvider::replayBytes)
        .description("Bytes of events held for Last-Event-ID replay, all sessions together")
        .baseUnit("bytes")
        .register(builder.meterRegistry);
    Gauge.builder("mcp.sessions.per.principal.max", this, NettyStreamableServerTransportProvider::mostSessionsOfAPrincipal)
        .description("Open MCP sessions of the principal that has the most")
        .register(builder.meterRegistry);
    Duration sweepEvery = sweepInterval(sessionIdleTimeout);
    this.sweeper = Flux.interval(sweepEvery, sweepEvery, scheduler).subscribe(tick -> expireIdleSessions());
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
    this.sessionFactory = sessionFactory;
  }

  @Override
  public List<String> protocolVersions() {
    return SUPPORTED_VERSIONS;
  }

  /** How many sessions are open. */
  public int sessionCount() {
    return sessions.size();
  }

  /** The bytes of events all sessions hold for replay. */
  public long replayBytes() {
    long bytes = 0;
    for (HttpSession session : sessions.values()) {
      bytes += session.historyBytes();
    }
    return bytes;
  }

  /** The number of open sessions of the principal that has the most. */
  public long mostSessionsOfAPrincipal() {
    return sessions.values().stream()
        .collect(Collectors.groupingBy(session -> Optional.ofNullable(session.principal()), Collectors.counting()))
        .values().stream()
        .mapToLong(Long::longValue)
        .max()
        .orElse(0);
  }

  /**
   * Handles one HTTP request to the MCP endpoint (POST, GET, DELETE; anything else 405). The caller
   * has authenticated the request and built its context (which may hold {@link #PRINCIPAL}).
   */
  public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, McpTransportContext context) {
    return Mono.defer(() -> route(request, response, context))
        .onErrorResume(e -> {
          log.debug("MCP {} request failed", request.method(), e);
          return response.hasSentHeaders()
              ? Mono.empty()
              : replies.error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR, "Internal error");
        });
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Flux.fromIterable(List.copyOf(sessions.values()))
        .flatMap(session -> session.sdk().sendNotification(method, params)
            .onErrorResume(e -> {
              log.debug("Could not notify session {} of {}: {}", session.logId(), method, e.toString());
              return Mono.empty();
            }))
        .then();
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return Mono.defer(() -> {
      HttpSession session = sessions.get(sessionId);
      return session == null ? Mono.empty() : session.sdk().sendNotification(method, params);
    });
  }

  /**
   * Stops taking requests (503 from now on), waits for the requests in flight to be answered, then
   * closes every session. It waits as long as they take: bound it with {@code timeout} and follow
   * with {@link #close()} to cut the stragglers off.
   */
  @Override
  public Mono<Void> closeGracefully() {
    return Mono.defer(() -> {
      closing = true;
      sweeper.dispose();
      List<HttpSession> open = List.copyOf(sessions.values());
      log.debug("Shutting down: waiting for the requests of {} sessions", open.size());
      return Flux.fromIterable(open)
          .flatMap(session -> session.drained()
              .then(Mono.defer(() -> {
                forget(session);
                return session.closeGracefully();
              }))
              .onErrorResume(e -> {
                log.debug("Session {} did not close cleanly: {}", session.logId(), e.toString());
                return Mono.empty();
              }))
          .then();
    });
  }

  /** Closes every session at once, cancelling the requests still running. */
  @Override
  public void close() {
    closing = true;
    sweeper.dispose();
    for (HttpSession session : List.copyOf(sessions.values())) {
      forget(session);
      session.close();
    }
  }

  private Mono<Void> route(HttpServerRequest request, HttpServerResponse response, McpTransportContext context) {
    HttpMethod method = request.method();
    if (!HttpMethod.POST.equals(method) && !HttpMethod.GET.equals(method) && !HttpMethod.DELETE.equals(method)) {
      response.header(HttpHeaderNames.ALLOW, "GET, POST, DELETE");
      return replies.error(response, HttpResponseStatus.METHOD_NOT_ALLOWED, ErrorCodes.INVALID_REQUEST,
          "Method not allowed: the MCP endpoint takes POST, GET and DELETE");
    }
    try {
      securityValidator.validate(new RequestHeaders(request.requestHeaders()));
    } catch (ServerTransportSecurityException e) {
      return replies.error(response, HttpResponseStatus.valueOf(e.getStatusCode()), ErrorCodes.INVALID_REQUEST,
          e.getMessage());
    }
    if (closing) {
      return shuttingDown(response);
    }
    if (HttpMethod.POST.equals(method)) {
      return post(request, response, context);
    }
    return HttpMethod.GET.equals(method) ? get(request, response, context) : delete(request, response, context);
  }

  private Mono<Void> post(HttpServerRequest request, HttpServerResponse response, McpTransportContext context) {
    if (declaredLength(request) > maxRequestBytes) {
      return tooLarge(response);
    }
    if (!MediaTypes.isJson(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE))) {
      return replies.error(response, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.INVALID_REQUEST,
          "Unsupported media type: Content-Type must be application/json");
    }
    String accept = accept(request);
    if (!MediaTypes.accepts(accept, MediaTypes.JSON) || !MediaTypes.accepts(accept, MediaTypes.EVENT_STREAM)) {
      return replies.error(response, HttpResponseStatus.NOT_ACCEPTABLE, ErrorCodes.INVALID_REQUEST,
          "Not acceptable: Accept must include application/json and text/event-stream");
    }
    return RequestBody.read(request, maxRequestBytes)
        .flatMap(body -> {
          Object value;
          try {
            value = jsonMapper.readValue(body, Object.class);
          } catch (IOException | RuntimeException e) {
            // Jackson 3 throws unchecked exceptions; either way the body is not JSON.
            screen.refused(Refusals.Reason.PARSE_ERROR);
            return replies.error(response, HttpResponseStatus.BAD_REQUEST, ErrorCodes.PARSE_ERROR,
                "Parse error: the body is not valid JSON.");
          }
          MessageScreen.Outcome outcome = screen.screen(value);
          return outcome instanceof MessageScreen.Accepted accepted
              ? dispatch(accepted.message(), request, response, context)
              : refused((MessageScreen.Refused) outcome, request, response, context);
        })
        .onErrorResume(RequestBody.TooLargeException.class, e -> tooLarge(response));
  }

  /**
   * A message the screen refused. Inside a session, a request with an id is answered like any
   * other request, with 200 and its JSON-RPC error: clients take a 400 for a session that is gone.
   * Anything else (no id to answer, a notification, no session yet) gets 400.
   */
  private Mono<Void> refused(MessageScreen.Refused refused, HttpServerRequest request, HttpServerResponse response,
      McpTransportContext context) {
    if (refused.id() == null || refused.notification()
        || !request.requestHeaders().contains(HttpHeaders.MCP_SESSION_ID)) {
      return replies.error(response, HttpResponseStatus.BAD_REQUEST, refused.id(), refused.code(), refused.message(),
          null);
    }
    try {
      sessionFor(request, context);
    } catch (Rejection rejection) {
      return reject(response, rejection);
    }
    return replies.json(response, HttpResponseStatus.OK, refused.response());
  }

  private Mono<Void> dispatch(McpSchema.JSONRPCMessage message, HttpServerRequest request,
      HttpServerResponse response, McpTransportContext context) {
    if (message instanceof McpSchema.JSONRPCRequest call && McpSchema.METHOD_INITIALIZE.equals(call.method())) {
      return initialize(call, response, context);
    }
    HttpSession session;
    try {
      session = sessionFor(request, context);
    } catch (Rejection rejection) {
      return reject(response, rejection);
    }
    if (message instanceof McpSchema.JSONRPCRequest call) {
      return session.call(call, context, requestInterceptor.intercept(call, context))
          .map(events -> sse(response, events))
          .orElseGet(() -> gone(response));
    }
    if (message instanceof McpSchema.JSONRPCNotification notice && CANCELLED.equals(notice.method())) {
      // The SDK has no handler for it (it would log a warning and carry on); the transport owns
      // the running requests, so it stops the one named.
      cancelledRequest(notice).ifPresent(session::cancel);
      return replies.accepted(response);
    }
    Mono<Void> accepted = message instanceof McpSchema.JSONRPCResponse answer
        ? session.sdk().accept(answer)
        : session.sdk().accept((McpSchema.JSONRPCNotification) message);
    return session.track(accepted.contextWrite(c -> c.put(McpTransportContext.KEY, context)))
        .then(Mono.defer(() -> replies.accepted(response)))
        .onErrorResume(e -> notAccepted(response, e));
  }

  /** The id a {@code notifications/cancelled} names; empty if it names none a request could have. */
  private static Optional<Object> cancelledRequest(McpSchema.JSONRPCNotification notice) {
    Object id = notice.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
    return MessageScreen.isRequestId(id) ? Optional.of(id) : Optional.empty();
  }

  private Mono<Void> initialize(McpSchema.JSONRPCRequest call, HttpServerResponse response, McpTransportContext context) {
    McpStreamableServerSession.Factory factory = sessionFactory;
    if (factory == null) {
      throw new IllegalStateException("No session factory: build an McpServer on this transport first");
    }
    // The screen let these params through only if they convert.
    McpSchema.InitializeRequest params = jsonMapper.convertValue(call.params(), McpSchema.InitializeRequest.class);
    McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(params);
    Object principal = context.get(PRINCIPAL);
    Object client = context.get(CLIENT);
    return init.initResult()
        .contextWrite(c -> c.put(McpTransportContext.KEY, context))
        .map(Optional::of)
        .onErrorResume(e -> {
          log.debug("Initialization failed", e);
          init.session().close();
          return Mono.just(Optional.empty());
        })
        .flatMap(result -> result
            .map(initialized -> start(init.session(), principal, client, call, initialized, response))
            .orElseGet(() -> replies.error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, call.id(),
                ErrorCodes.INTERNAL_ERROR, "Initialization failed", null)));
  }

  private Mono<Void> start(McpStreamableServerSession sdk, Object principal, Object client,
      McpSchema.JSONRPCRequest call, McpSchema.InitializeResult result, HttpServerResponse response) {
    // The priming event is a 2025-11-25 addition; older clients would take it for a broken message.
    String version = result.protocolVersion();
    boolean primes = version != null && version.compareTo(ProtocolVersions.MCP_2025_11_25) >= 0;
    SessionStreams streams = new SessionStreams(jsonMapper, eventHistory, sessionLimits.historyBytesPerSession(),
        sessionLimits.historyBytesPerStream(), primes);
    HttpSession session = new HttpSession(sdk, principal, client, streams, clock);
    Set<HttpSession> evicted = new LinkedHashSet<>();
    String full;
    synchronized (admission) {
      full = makeRoom(session, evicted);
      if (full == null) {
        evicted.forEach(this::forget);
        sessions.put(session.id(), session);
      }
    }
    for (HttpSession old : evicted) {
      log.debug("Session {} evicted, idle, to make room for a new session of its {}", old.logId(),
          old.belongsTo(principal) ? "principal" : "client");
      old.closeGracefully()
          .subscribe(null, e -> log.debug("Session {} did not close cleanly: {}", old.logId(), e.toString()));
    }
    if (full != null) {
      sdk.close();
      screen.refused(Refusals.Reason.SESSION_LIMIT);
      return replies.error(response, HttpResponseStatus.TOO_MANY_REQUESTS, call.id(), ErrorCodes.INVALID_REQUEST,
          full, null);
    }
    if (closing) {
      // Shutdown began while this session was being made, and may have missed it.
      forget(session);
      session.close();
      return shuttingDown(response);
    }
    log.debug("Session {} started, protocol {} ({} open)", session.logId(), version, sessions.size());
    response.header(HttpHeaders.MCP_SESSION_ID, session.id());
    return replies.json(response, HttpResponseStatus.OK, McpSchema.JSONRPCResponse.result(call.id(), result));
  }

  private Mono<Void> get(HttpServerRequest request, HttpServerResponse response, McpTransportContext context) {
    if (!MediaTypes.accepts(accept(request), MediaTypes.EVENT_STREAM)) {
      return replies.error(response, HttpResponseStatus.NOT_ACCEPTABLE, ErrorCodes.INVALID_REQUEST,
          "Not acceptable: GET opens an event stream, so Accept must include text/event-stream");
    }
    HttpSession session;
    try {
      session = sessionFor(request, context);
    } catch (Rejection rejection) {
      return reject(response, rejection);
    }
    String lastEventId = request.requestHeaders().get(HttpHeaders.LAST_EVENT_ID);
    if (lastEventId == null) {
      return session.listen().map(events -> sse(response, events)).orElseGet(() -> gone(response));
    }
    return EventId.parse(lastEventId.trim())
        .flatMap(session::resume)
        .map(events -> sse(response, events))
        .orElseGet(() -> replies.error(response, HttpResponseStatus.BAD_REQUEST, ErrorCodes.INVALID_REQUEST,
            "Unknown Last-Event-ID: send an id this session's events carried, or none to listen"));
  }

  private Mono<Void> delete(HttpServerRequest request, HttpServerResponse response, McpTransportContext context) {
    HttpSession session;
    try {
      session = sessionFor(request, context);
    } catch (Rejection rejection) {
      return reject(response, rejection);
    }
    forget(session);
    log.debug("Session {} ended by the client ({} open)", session.logId(), sessions.size());
    return session.closeGracefully()
        .onErrorResume(e -> {
          log.debug("Session {} did not close cleanly: {}", session.logId(), e.toString());
          return Mono.empty();
        })
        .then(Mono.defer(() -> Mono.from(response.status(HttpResponseStatus.NO_CONTENT).send())));
  }

  /**
   * Makes room for {@code session} within the limits of its principal and its client by choosing,
   * into {@code evicted}, the sessions that have gone unused longest among those with no request
   * running and no stream open. Returns null when there is room, else the refusal's message (and
   * nothing should be evicted). Called holding {@link #admission}.
   */
  private String makeRoom(HttpSession session, Set<HttpSession> evicted) {
    if (!room(other -> other.belongsTo(session.principal()), sessionLimits.perPrincipal(), evicted)) {
      return "Too many sessions: this principal has " + sessionLimits.perPrincipal() + " sessions in use; end one"
          + " with DELETE, or wait for one to go idle";
    }
    if (session.client() != null
        && !room(other -> Objects.equals(session.client(), other.client()), sessionLimits.perClient(), evicted)) {
      evicted.clear();
      return "Too many sessions: this client has " + sessionLimits.perClient() + " sessions in use; end one with"
          + " DELETE, or wait for one to go idle";
    }
    return null;
  }

  private boolean room(Predicate<HttpSession> group, int max, Set<HttpSession> evicted) {
    Instant now = clock.instant();
    List<HttpSession> members = sessions.values().stream().filter(group).filter(s -> !evicted.contains(s)).toList();
    Iterator<HttpSession> idle = members.stream()
        .filter(s -> s.idleFor(Duration.ZERO, now))
        .sorted(Comparator.comparing(HttpSession::lastActive))
        .iterator();
    int staying = members.size();
    List<HttpSession> chosen = new ArrayList<>();
    while (staying >= max && idle.hasNext()) {
      chosen.add(idle.next());
      staying--;
    }
    if (staying >= max) {
      return false;
    }
    evicted.addAll(chosen);
    return true;
  }

  /**
   * The session a request names, checked: the header is there, the protocol version is one we
   * speak, and the session exists and belongs to the caller. A session of someone else is
   * reported exactly as one that does not exist.
   */
  private HttpSession sessionFor(HttpServerRequest request, McpTransportContext context) throws Rejection {
    String id = request.requestHeaders().get(HttpHeaders.MCP_SESSION_ID);
    if (id == null || id.isBlank()) {
      throw new Rejection(HttpResponseStatus.BAD_REQUEST,
          "Bad request: Mcp-Session-Id header required; send initialize first and then the id it returned", null);
    }
    // Absent means 2025-03-26, which is supported.
    String version = request.requestHeaders().get(HttpHeaders.PROTOCOL_VERSION);
    if (version != null && !SUPPORTED_VERSIONS.contains(version.trim())) {
      throw new Rejection(HttpResponseStatus.BAD_REQUEST,
          "Bad request: unsupported MCP-Protocol-Version; supported: " + String.join(", ", SUPPORTED_VERSIONS),
          Map.of("supported", SUPPORTED_VERSIONS));
    }
    HttpSession session = sessions.get(id.trim());
    if (session == null || !session.belongsTo(context.get(PRINCIPAL))) {
      throw new Rejection(HttpResponseStatus.NOT_FOUND,
          "Session not found: it ended or never existed; send initialize to start a new one", null);
    }
    return session;
  }

  private Mono<Void> reject(HttpServerResponse response, Rejection rejection) {
    return replies.error(response, rejection.status, null, ErrorCodes.INVALID_REQUEST, rejection.getMessage(),
        rejection.data);
  }

  /** The session closed between lookup and use. */
  private Mono<Void> gone(HttpServerResponse response) {
    return closing
        ? shuttingDown(response)
        : replies.error(response, HttpResponseStatus.NOT_FOUND, ErrorCodes.INVALID_REQUEST,
            "Session not found: it ended or never existed; send initialize to start a new one");
  }

  private Mono<Void> notAccepted(HttpServerResponse response, Throwable e) {
    if (response.hasSentHeaders()) {
      return Mono.empty();
    }
    if (e instanceof McpError error && error.getJsonRpcError() != null) {
      return replies.error(response, HttpResponseStatus.BAD_REQUEST, error.getJsonRpcError().code(),
          error.getJsonRpcError().message());
    }
    log.debug("A client message could not be handled", e);
    return replies.error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR,
        "Internal error");
  }

  private Mono<Void> shuttingDown(HttpServerResponse response) {
    return replies.error(response, HttpResponseStatus.SERVICE_UNAVAILABLE, ErrorCodes.INTERNAL_ERROR,
        "Service unavailable: the server is shutting down");
  }

  private Mono<Void> tooLarge(HttpServerResponse response) {
    screen.refused(Refusals.Reason.TOO_LARGE);
    return replies.error(response, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, ErrorCodes.INVALID_REQUEST,
        "Payload too large: a message may have at most " + maxRequestBytes + " bytes");
  }

  private Mono<Void> sse(HttpServerResponse response, Flux<SseEvent> events) {
    Flux<String> frames = events.map(SseEvent::frame);
    if (keepAliveInterval != null) {
      frames = frames.publish(shared -> Flux.merge(shared,
          Flux.interval(keepAliveInterval, keepAliveInterval, scheduler)
              .map(tick -> SseEvent.KEEP_ALIVE)
              .takeUntilOther(shared.then(Mono.just(Boolean.TRUE)))));
    }
    return Mono.from(response.sse()
        .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .sendString(frames, StandardCharsets.UTF_8));
  }

  /**
   * Takes a session out of the map and, if it was still there, says so once: whatever the way it
   * ended (DELETE, idle, evicted, shutdown), what was kept for it elsewhere must go too.
   */
  private boolean forget(HttpSession session) {
    boolean removed = sessions.remove(session.id(), session);
    if (removed) {
      try {
        sessionEnded.accept(session.id());
      } catch (RuntimeException e) {
        log.debug("Session {} end listener failed", session.logId(), e);
      }
    }
    return removed;
  }

  private void expireIdleSessions() {
    try {
      Instant now = clock.instant();
      for (HttpSession session : sessions.values()) {
        if (session.idleFor(sessionIdleTimeout, now) && forget(session)) {
          log.debug("Session {} expired after {} without use ({} open)", session.logId(), sessionIdleTimeout,
              sessions.size());
          session.closeGracefully()
              .subscribe(null, e -> log.debug("Session {} did not close cleanly: {}", session.logId(), e.toString()));
        }
      }
    } catch (RuntimeException e) {
      // One bad sweep must not end the periodic task, or sessions would never expire again.
      log.debug("Idle session sweep failed", e);
    }
  }

  /** Often enough that a session outlives its timeout by at most a quarter of it (or a minute). */
  private static Duration sweepInterval(Duration idleTimeout) {
    Duration quarter = idleTimeout.dividedBy(4);
    Duration minute = Duration.ofMinutes(1);
    return quarter.isZero() ? Duration.ofMillis(1) : quarter.compareTo(minute) > 0 ? minute : quarter;
  }

  /** All {@code Accept} headers as one list, as HTTP reads repeated headers; null if none. */
  private static String accept(HttpServerRequest request) {
    List<String> values = request.requestHeaders().getAll(HttpHeaderNames.ACCEPT);
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      // Netty rejects such a request before it gets here; counting the body still caps it.
      return -1;
    }
  }

  /** A request refused before it reached a session. */
  private static final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final transient Object data;

    Rejection(HttpResponseStatus status, String message, Object data) {
      super(message, null, false, false);
      this.status = status;
      this.data = data;
    }
  }

  /** Builds a provider; only the JSON mapper is required. */
  public static final class Builder {

    private McpJsonMapper jsonMapper;
    private ServerHttpHeaderValidator securityValidator = ServerHttpHeaderValidator.NOOP;
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    private Duration keepAliveInterval;
    private int eventHistory = DEFAULT_EVENT_HISTORY;
    private SessionLimits sessionLimits = SessionLimits.DEFAULTS;
    private MessageLimits messageLimits = MessageLimits.DEFAULTS;
    private MeterRegistry meterRegistry = new CompositeMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = Schedulers.parallel();
    private RequestInterceptor requestInterceptor = RequestInterceptor.NONE;
    private Consumer<String> sessionEnded = id -> {};

    private Builder() {}

    /** Reads and writes every message; required. */
    public Builder jsonMapper(McpJsonMapper jsonMapper) {
      this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
      return this;
    }

    /**
     * Checks the headers of every request (Origin and Host, against DNS rebinding); a refusal is
     * answered with the status of its {@link ServerTransportSecurityException}. Default: none.
     * Takes the SDK's {@code ServerHttpHeaderValidator}, which 2.1 has in place of the deprecated
     * {@code ServerTransportSecurityValidator}; {@code DefaultServerTransportSecurityValidator} is
     * both.
     */
    public Builder securityValidator(ServerHttpHeaderValidator securityValidator) {
      this.securityValidator = Objects.requireNonNull(securityValidator, "securityValidator");
      return this;
    }

    /** The largest POST body, declared or counted; larger ones get 413. Default 4 MiB. */
    public Builder maxRequestBytes(int maxRequestBytes) {
      if (maxRequestBytes <= 0) {
        throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /** How long a session may go without a request or an open stream before it is closed. Default 30 min. */
    public Builder sessionIdleTimeout(Duration sessionIdleTimeout) {
      this.sessionIdleTimeout = positive(sessionIdleTimeout, "sessionIdleTimeout");
      return this;
    }

    /** Writes an SSE comment on every open stream this often, so idle connections survive proxies. Default off. */
    public Builder keepAliveInterval(Duration keepAliveInterval) {
      this.keepAliveInterval = positive(keepAliveInterval, "keepAliveInterval");
      return this;
    }

    /** How many recent events each session keeps for {@code Last-Event-ID} replay; 0 turns replay off. Default 256. */
    public Builder eventHistory(int eventHistory) {
      if (eventHistory < 0) {
        throw new IllegalArgumentException("eventHistory must not be negative, got " + eventHistory);
      }
      this.eventHistory = eventHistory;
      return this;
    }

    /** Sessions per principal and per client, and replay bytes. Default {@link SessionLimits#DEFAULTS}. */
    public Builder sessionLimits(SessionLimits sessionLimits) {
      this.sessionLimits = Objects.requireNonNull(sessionLimits, "sessionLimits");
      return this;
    }

    /** How long ids, method names and tool names may be. Default {@link MessageLimits#DEFAULTS}. */
    public Builder messageLimits(MessageLimits messageLimits) {
      this.messageLimits = Objects.requireNonNull(messageLimits, "messageLimits");
      return this;
    }

    /**
     * Where the transport's meters go: {@code mcp.messages.refused} (by reason), {@code
     * mcp.replay.bytes}, {@code mcp.sessions.per.principal.max}. Default: nowhere.
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /** Tells when a session was last used. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs the idle-session sweep and the keep-alives; a virtual-time scheduler makes both testable. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Answers some requests in place of the SDK; by default none. */
    public Builder requestInterceptor(RequestInterceptor requestInterceptor) {
      this.requestInterceptor = Objects.requireNonNull(requestInterceptor, "requestInterceptor");
      return this;
    }

    /** Told the id of every session that ends, however it ends; by default no one. */
    public Builder onSessionEnded(Consumer<String> sessionEnded) {
      this.sessionEnded = Objects.requireNonNull(sessionEnded, "sessionEnded");
      return this;
    }

    public NettyStreamableServerTransportProvider build() {
      if (jsonMapper == null) {
        throw new IllegalStateException("jsonMapper is required");
      }
      return new NettyStreamableServerTransportProvider(this);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}
