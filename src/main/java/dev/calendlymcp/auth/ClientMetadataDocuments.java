package dev.calendlymcp.auth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.OAuthClient;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a client
 * whose {@code client_id} is an https URL is described by the JSON at that URL, which we fetch,
 * check and keep in the {@link AuthStore} until its cache lifetime ends.
 *
 * <p>Fetching a URL a stranger chose is a server-side request forgery risk, so the host must
 * resolve to public addresses only (outside every {@link SpecialPurposeAddresses} range), and we
 * connect to the address we checked rather than resolving again (a second lookup could answer
 * differently: DNS rebinding). No redirects are followed, the body is capped and the whole fetch
 * is bounded in time. Whatever goes wrong once the fetch starts, the caller is told the same
 * ({@link InvalidClientMetadataException#withheld}), so that answers cannot map hosts and ports.
 *
 * <p>When a refetch cannot reach the host (no answer, timeout, a 5xx) and the copy we hold went
 * stale less than {@link #STALE_GRACE} ago, that copy keeps being served: a client's hosting
 * hiccup should not log its users out. A document that answers but is now invalid is never
 * papered over: its owner changed it. Concurrent resolves of one stale URL each fetch; the
 * callers are logins, rare enough that coalescing them is not worth its state.
 */
public final class ClientMetadataDocuments {

  private static final Logger log = LoggerFactory.getLogger(ClientMetadataDocuments.class);

  static final int MAX_BODY_BYTES = 5 * 1024;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration MIN_MAX_AGE = Duration.ofMinutes(5);
  static final Duration MAX_MAX_AGE = Duration.ofHours(24);
  static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);
  static final Duration STALE_GRACE = Duration.ofHours(24);

  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

  private final AuthStore store;
  private final Clock clock;
  private final boolean allowLoopback;
  private final Duration overallTimeout;
  private final Resolver resolver;
  private final HttpClient http;

  /**
   * @param allowLoopback sandbox and test mode: documents may be served over http or https from
   *     this machine's loopback addresses; private and other non-public ranges stay refused
   */
  public ClientMetadataDocuments(AuthStore store, Clock clock, boolean allowLoopback) {
    this(store, clock, allowLoopback, DEFAULT_TIMEOUT, InetAddress::getAllByName);
  }

  /** Looks a host name up; blocking. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * @param timeout for connecting and, separately, for the answer; tests shorten it
   * @param resolver the system's in production; tests point names at addresses of their choosing
   */
  ClientMetadataDocuments(AuthStore store, Clock clock, boolean allowLoopback, Duration timeout, Resolver resolver) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.allowLoopback = allowLoopback;
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(DEFAULT_TIMEOUT) > 0) {
      throw new IllegalArgumentException("the timeout must be positive and at most " + DEFAULT_TIMEOUT + " (was " + timeout + ")");
    }
    // The read timeout below catches a silent server; this one also bounds the lookup and a
    // server that trickles bytes.
    this.overallTimeout = timeout.multipliedBy(2);
    // A fresh connection per fetch: a pool keyed by address could hand a connection made for one
    // host name to a request for another that resolved to the same address.
    this.http =
        HttpClient.newConnection()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .responseTimeout(timeout)
            .followRedirect(false)
            .headers(
                h ->
                    h.set(HttpHeaderNames.ACCEPT, "application/json")
                        .set(HttpHeaderNames.USER_AGENT, "calendly-mcp"));
  }

  /**
   * Whether this client_id is a metadata-document URL (https, or http on loopback when {@code
   * allowLoopback}), so the caller should {@link #resolve} it instead of {@link
   * AuthStore#findClient}. The rest of the URL's rules are checked by {@link #resolve}, so that a
   * malformed document URL gets an error that says why rather than "unknown client".
   */
  public boolean isDocumentUrl(String clientId) {
    URI url = parse(clientId);
    if (url == null || url.getHost() == null) {
      return false;
    }
    return "https".equals(url.getScheme())
        || (allowLoopback && "http".equals(url.getScheme()) && isLoopbackHost(url.getHost()));
  }

  /**
   * The client from the store when its cached copy is fresh ({@link OAuthClient#refreshAfter} in
   * the future), else fetched, validated, saved ({@link OAuthClient.Source#METADATA_DOCUMENT}) and
   * returned. Errors with {@link InvalidClientMetadataException}.
   */
  public Mono<OAuthClient> resolve(String clientId) {
    URI url;
    try {
      url = documentUrl(clientId);
    } catch (InvalidClientMetadataException e) {
      return Mono.error(e);
    }
    return store
        .findClient(clientId)
        .filter(cached -> cached.source() == OAuthClient.Source.METADATA_DOCUMENT)
        .flatMap(cached -> isFresh(cached) ? Mono.just(cached) : refetch(url, cached))
        .switchIfEmpty(Mono.defer(() -> fetchAndSave(url, Optional.empty())));
  }

  private boolean isFresh(OAuthClient cached) {
    return cached.refreshAfter().map(clock.instant()::isBefore).orElse(false);
  }

  private Mono<OAuthClient> refetch(URI url, OAuthClient cached) {
    return fetchAndSave(url, Optional.of(cached))
        .onErrorResume(
            e -> mayServeStale(e, cached),
            e -> {
              log.debug("Serving the cached client metadata document of {}", url);
              return Mono.just(cached);
            });
  }

  private boolean mayServeStale(Throwable e, OAuthClient cached) {
    Instant staleSince = cached.refreshAfter().orElse(Instant.MIN);
    return e instanceof InvalidClientMetadataException invalid
        && invalid.unreachable()
        && clock.instant().isBefore(staleSince.plus(STALE_GRACE));
  }

  private Mono<OAuthClient> fetchAndSave(URI url, Optional<OAuthClient> previous) {
    return checkedAddress(url)
        .flatMap(address -> fetch(url, address))
        .timeout(overallTimeout)
        .onErrorMap(e -> !(e instanceof InvalidClientMetadataException), ClientMetadataDocuments::translate)
        .map(document -> toClient(url, document, previous))
        .onErrorMap(InvalidClientMetadataException.class, e -> {
          log.info("Client metadata document {} not used: {}", url, e.reason());
          return e.withheld();
        })
        .flatMap(client -> store.saveClient(client).thenReturn(client));
  }

  /** The URL's rules from the draft, plus our scheme rule. */
  private URI documentUrl(String clientId) {
    if (!isDocumentUrl(clientId)) {
      throw InvalidClientMetadataException.refused(
          allowLoopback
              ? "a client_id URL must be https, or http on a loopback host"
              : "a client_id URL must be https");
    }
    URI url = parse(clientId);
    if (url.getRawUserInfo() != null) {
      throw InvalidClientMetadataException.refused("a client_id URL must not contain a user name or password");
    }
    if (url.getRawFragment() != null) {
      throw InvalidClientMetadataException.refused("a client_id URL must not contain a fragment");
    }
    String path = url.getRawPath();
    if (path == null || path.length() <= 1) {
      throw InvalidClientMetadataException.refused("a client_id URL must have a path");
    }
    if (Arrays.stream(path.split("/", -1)).anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
      throw InvalidClientMetadataException.refused("a client_id URL must not contain . or .. path segments");
    }
    return url;
  }

  /** Resolves the host and returns an address to connect to, if every address it has is allowed. */
  private Mono<InetAddress> checkedAddress(URI url) {
    String host = url.getHost();
    return Mono.fromCallable(() -> resolver.resolve(host))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            UnknownHostException.class,
            e -> InvalidClientMetadataException.unreachable("the client_id URL's host does not resolve", e))
        .map(
            addresses -> {
              // All of them: a host with one public and one private address could be reached at
              // either, depending on which the connection picks.
              for (InetAddress address : addresses) {
                if (!isAllowedAddress(address, allowLoopback)) {
                  throw InvalidClientMetadataException.refused(
                      "the client_id URL's host resolves to a non-public address");
                }
              }
              return addresses[0];
            });
  }

  /**
   * Whether we may connect to this address: one outside every special-purpose range ({@link
   * SpecialPurposeAddresses}), or loopback when {@code allowLoopback}. IPv4-mapped IPv6 addresses
   * are refused as such; Java reads the usual textual form as the IPv4 address it carries.
   */
  static boolean isAllowedAddress(InetAddress address, boolean allowLoopback) {
    return SpecialPurposeAddresses.rangeOf(address)
        .map(range -> allowLoopback && SpecialPurposeAddresses.isLoopback(range))
        .orElse(true);
  }

  private record Document(String body, Duration maxAge) {}

  private Mono<Document> fetch(URI url, InetAddress checked) {
    InetSocketAddress target = connectAddress(url, checked);
    // Reactor Netty resolves the host of an absolute URI itself, ignoring remoteAddress; so the
    // request names only the path, and Host (and TLS's SNI and certificate check, from the
    // address's host name) carry the name.
    HttpClient client = "https".equals(url.getScheme()) ? http.secure() : http;
    String pathAndQuery = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    return client
        .remoteAddress(() -> target)
        .headers(h -> h.set(HttpHeaderNames.HOST, url.getRawAuthority()))
        .get()
        .uri(pathAndQuery)
        .response(ClientMetadataDocuments::read)
        .next();
  }

  private static Mono<Document> read(HttpClientResponse response, ByteBufFlux body) {
    int status = response.status().code();
    HttpHeaders headers = response.responseHeaders();
    if (status >= 300 && status < 400) {
      return Mono.error(InvalidClientMetadataException.refused("the client_id URL redirects; redirects are not followed"));
    }
    if (status >= 500) {
      return Mono.error(InvalidClientMetadataException.unreachable("the client_id URL answered HTTP " + status, null));
    }
    if (status != 200) {
      return Mono.error(InvalidClientMetadataException.refused("the client_id URL answered HTTP " + status));
    }
    if (!isJson(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
      return Mono.error(InvalidClientMetadataException.refused("the client metadata document is not served as JSON"));
    }
    // Only a shortcut: a chunked body declares no length, so limited() is what enforces the cap.
    if (headers.getInt(HttpHeaderNames.CONTENT_LENGTH, 0) > MAX_BODY_BYTES) {
      return Mono.error(tooLarge());
    }
    Duration maxAge = maxAge(headers.get(HttpHeaderNames.CACHE_CONTROL));
    return limited(body).map(bytes -> new Document(new String(bytes, StandardCharsets.UTF_8), maxAge));
  }

  /** The checked address, still carrying the host name for TLS. */
  private static InetSocketAddress connectAddress(URI url, InetAddress checked) {
    String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
    int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    try {
      return new InetSocketAddress(InetAddress.getByAddress(host, checked.getAddress()), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a resolved address has a valid length", e);
    }
  }

  /** Collects the body, failing (and so closing the connection) as soon as it passes the cap. */
  private static Mono<byte[]> limited(ByteBufFlux body) {
    return body.asByteArray()
        .collect(
            ByteArrayOutputStream::new,
            (out, chunk) -> {
              if (out.size() + chunk.length > MAX_BODY_BYTES) {
                throw tooLarge();
              }
              out.writeBytes(chunk);
            })
        .map(ByteArrayOutputStream::toByteArray);
  }

  private static InvalidClientMetadataException tooLarge() {
    return InvalidClientMetadataException.refused(
        "the client metadata document is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  /** {@code max-age} clamped to our bounds; {@code no-cache} and {@code no-store} get the least. */
  static Duration maxAge(String cacheControl) {
    if (cacheControl == null) {
      return DEFAULT_MAX_AGE;
    }
    for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
      String d = directive.trim();
      if (d.equals("no-cache") || d.equals("no-store")) {
        return MIN_MAX_AGE;
      }
      if (d.startsWith("max-age=")) {
        String seconds = d.substring("max-age=".length()).replace("\"", "");
        try {
          Duration age = Duration.ofSeconds(Long.parseLong(seconds));
          return age.compareTo(MIN_MAX_AGE) < 0 ? MIN_MAX_AGE : age.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : age;
        } catch (NumberFormatException e) {
          return DEFAULT_MAX_AGE;
        }
      }
    }
    return DEFAULT_MAX_AGE;
  }

  private OAuthClient toClient(URI url, Document document, Optional<OAuthClient> previous) {
    JSONObject json;
    ClientMetadata metadata;
    try {
      json = JSONObjectUtils.parse(document.body());
    } catch (ParseException e) {
      throw InvalidClientMetadataException.refused("the client metadata document is not a JSON object");
    }
    RedirectUris.problemIn(json).ifPresent(problem -> {
      throw InvalidClientMetadataException.refused(problem);
    });
    try {
      metadata = ClientMetadata.parse(json);
    } catch (ParseException e) {
      throw InvalidClientMetadataException.refused("the client metadata is invalid: " + brief(e.getMessage()));
    } catch (IllegalArgumentException e) {
      // Nimbus's way of saying a value holds characters it will not quote in a description.
      throw InvalidClientMetadataException.refused("the client metadata holds a malformed value");
    }
    if (!url.toString().equals(json.get("client_id"))) {
      throw InvalidClientMetadataException.refused("the document's client_id is not the URL it was fetched from");
    }
    // The document is public: a secret in it, or a method that needs one, protects nothing.
    ClientAuthenticationMethod method = metadata.getTokenEndpointAuthMethod();
    if (json.containsKey("client_secret") || (method != null && !ClientAuthenticationMethod.NONE.equals(method))) {
      throw InvalidClientMetadataException.refused(
          "a client metadata document describes a public client: token_endpoint_auth_method must be none");
    }
    List<URI> redirectUris = redirectUris(metadata);
    Instant now = clock.instant();
    return new OAuthClient(
        url.toString(),
        metadata.getName() != null ? metadata.getName() : url.getHost(),
        redirectUris,
        Optional.empty(),
        document.body(),
        OAuthClient.Source.METADATA_DOCUMENT,
        previous.map(OAuthClient::issuedAt).orElse(now),
        Optional.of(now.plus(document.maxAge())));
  }

  /** Checked by {@link RedirectUris#problemIn}, the rule registration applies too, before Nimbus read them. */
  private static List<URI> redirectUris(ClientMetadata metadata) {
    Set<URI> uris = metadata.getRedirectionURIs();
    if (uris == null || uris.isEmpty()) {
      throw InvalidClientMetadataException.refused("the client metadata must list redirect_uris");
    }
    return List.copyOf(uris);
  }

  private static boolean isLoopbackHost(String host) {
    return LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
  }

  private static URI parse(String clientId) {
    if (clientId == null) {
      return null;
    }
    try {
      return new URI(clientId);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Nimbus's reason, cut short: it may quote a value from the document. */
  private static String brief(String message) {
    String m = message == null ? "unreadable" : message;
    return m.length() <= 120 ? m : m.substring(0, 120) + "…";
  }

  private static InvalidClientMetadataException translate(Throwable e) {
    if (e instanceof ReadTimeoutException || e instanceof TimeoutException) {
      return InvalidClientMetadataException.unreachable("the client_id URL did not answer in time", e);
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return InvalidClientMetadataException.unreachable("could not connect to the client_id URL's host", e);
    }
    return InvalidClientMetadataException.unreachable(
        "could not fetch the client metadata document (" + e.getClass().getSimpleName() + ")", e);
  }
}
