package dev.calendlymcp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.auth.store.OAuthClient;
import dev.calendlymcp.sandbox.MutableClock;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

class ClientMetadataDocumentsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  /** What each path answers; a test may replace one. */
  private final Map<String, Function<HttpServerResponse, Mono<Void>>> answers = new ConcurrentHashMap<>();
  private DisposableServer server;
  private ClientMetadataDocuments documents;

  @BeforeEach
  void start() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  String path = "/" + request.path();
                  requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                  Function<HttpServerResponse, Mono<Void>> answer = answers.get(path);
                  return answer == null ? response.status(404).send() : answer.apply(response);
                })
            .bindNow(Duration.ofSeconds(10));
    documents = new ClientMetadataDocuments(store, clock, true, PATIENT, InetAddress::getAllByName);
  }

  @AfterEach
  void stop() {
    server.disposeNow(Duration.ofSeconds(5));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + "/" + path;
  }

  private int requestsTo(String path) {
    AtomicInteger count = requests.get("/" + path);
    return count == null ? 0 : count.get();
  }

  private static String document(String clientId, String extra) {
    return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Example MCP client\","
        + "\"redirect_uris\":[\"http://127.0.0.1:33418/callback\",\"https://app.example.com/cb\"]"
        + extra + "}";
  }

  private void serve(String path, String body, String cacheControl) {
    answers.put(
        path.substring(path.lastIndexOf('/')),
        response -> {
          response.header("Content-Type", "application/json; charset=utf-8");
          if (cacheControl != null) {
            response.header("Cache-Control", cacheControl);
          }
          return response.sendString(Mono.just(body)).then();
        });
  }

  private void serveDocument(String path, String extra) {
    serve("/" + path, document(url(path), extra), null);
  }

  /** Why the document was refused: the reason in our log, which the client may not be told. */
  /**
   * Fetches that should succeed get the longest timeout the class allows; only the tests of a
   * server that never answers wait for a short one.
   */
  private static final Duration PATIENT = Duration.ofSeconds(5);

  private ClientMetadataDocuments impatient() {
    return new ClientMetadataDocuments(store, clock, true, Duration.ofMillis(300), InetAddress::getAllByName);
  }

  private String failure(String clientId) {
    return refusal(clientId).reason();
  }

  private InvalidClientMetadataException refusal(String clientId) {
    return refusal(documents, clientId);
  }

  private static InvalidClientMetadataException refusal(ClientMetadataDocuments documents, String clientId) {
    try {
      documents.resolve(clientId).block();
    } catch (InvalidClientMetadataException e) {
      return e;
    }
    throw new AssertionError("resolved " + clientId);
  }

  @Test
  void fetchesValidatesAndSavesADocumentThenServesItFromTheCache() {
    serve("/client.json", document(url("client.json"), ""), "max-age=600");

    OAuthClient client = documents.resolve(url("client.json")).block();

    assertThat(client.clientId()).isEqualTo(url("client.json"));
    assertThat(client.clientName()).isEqualTo("Example MCP client");
    assertThat(client.redirectUris())
        .containsExactlyInAnyOrder(URI.create("http://127.0.0.1:33418/callback"), URI.create("https://app.example.com/cb"));
    assertThat(client.secretHash()).isEmpty();
    assertThat(client.source()).isEqualTo(OAuthClient.Source.METADATA_DOCUMENT);
    assertThat(client.issuedAt()).isEqualTo(T0);
    assertThat(client.refreshAfter()).contains(T0.plus(Duration.ofMinutes(10)));
    assertThat(store.findClient(url("client.json")).block()).isEqualTo(client);

    clock.advance(Duration.ofMinutes(9));
    assertThat(documents.resolve(url("client.json")).block()).isEqualTo(client);
    assertThat(requestsTo("client.json")).isEqualTo(1);
  }

  @Test
  void refetchesOnceTheCacheLifetimeEndsKeepingTheFirstFetchTime() {
    serve("/client.json", document(url("client.json"), ""), "public, max-age=600");
    documents.resolve(url("client.json")).block();

    clock.advance(Duration.ofMinutes(10));
    OAuthClient again = documents.resolve(url("client.json")).block();

    assertThat(requestsTo("client.json")).isEqualTo(2);
    assertThat(again.issuedAt()).isEqualTo(T0);
    assertThat(again.refreshAfter()).contains(T0.plus(Duration.ofMinutes(20)));
  }

  @Test
  void cacheLifetimeIsClampedAndDefaultsToAnHour() {
    serve("/short.json", document(url("short.json"), ""), "max-age=10");
    serve("/long.json", document(url("long.json"), ""), "max-age=9999999");
    serve("/none.json", document(url("none.json"), ""), null);
    serve("/no-store.json", document(url("no-store.json"), ""), "no-store");

    assertThat(documents.resolve(url("short.json")).block().refreshAfter()).contains(T0.plus(Duration.ofMinutes(5)));
    assertThat(documents.resolve(url("long.json")).block().refreshAfter()).contains(T0.plus(Duration.ofHours(24)));
    assertThat(documents.resolve(url("none.json")).block().refreshAfter()).contains(T0.plus(Duration.ofHours(1)));
    assertThat(documents.resolve(url("no-store.json")).block().refreshAfter()).contains(T0.plus(Duration.ofMinutes(5)));
  }

  @Test
  void clientNameDefaultsToTheHost() {
    serve("/nameless.json", "{\"client_id\":\"" + url("nameless.json") + "\",\"redirect_uris\":[\"https://a.example/cb\"]}", null);

    assertThat(documents.resolve(url("nameless.json")).block().clientName()).isEqualTo("127.0.0.1");
  }

  @Test
  void connectsToTheAddressItCheckedAndSendsTheHostName() throws UnknownHostException {
    // Only 127.0.0.2 answers: were the name resolved again to connect, localhost's usual
    // 127.0.0.1 or ::1 would be refused.
    InetAddress second = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    Map<String, String> hosts = new ConcurrentHashMap<>();
    AtomicInteger lookups = new AtomicInteger();
    DisposableServer other;
    try {
      other =
          HttpServer.create()
              .host("127.0.0.2")
              .port(0)
              .handle(
                  (request, response) -> {
                    hosts.put(request.uri(), request.requestHeaders().get("Host"));
                    String clientId = "http://localhost:" + request.hostPort() + "/client.json?v=1";
                    return response.header("Content-Type", "application/json").sendString(Mono.just(document(clientId, ""))).then();
                  })
              .bindNow(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      assumeTrue(false, "this system cannot bind 127.0.0.2");
      return;
    }
    try {
      ClientMetadataDocuments pinned =
          new ClientMetadataDocuments(
              store,
              clock,
              true,
              PATIENT,
              host -> {
                lookups.incrementAndGet();
                return new InetAddress[] {second};
              });
      String clientId = "http://localhost:" + other.port() + "/client.json?v=1";

      assertThat(pinned.resolve(clientId).block().clientId()).isEqualTo(clientId);
      assertThat(hosts).containsExactly(Map.entry("/client.json?v=1", "localhost:" + other.port()));
      assertThat(lookups).hasValue(1);
    } finally {
      other.disposeNow(Duration.ofSeconds(5));
    }
  }

  @Test
  void refusesAHostWithAnyNonPublicAddress() throws UnknownHostException {
    InetAddress[] addresses = {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.1.2.3")};
    ClientMetadataDocuments mixed =
        new ClientMetadataDocuments(store, clock, true, PATIENT, host -> addresses);

    assertThatThrownBy(() -> mixed.resolve(url("client.json")).block())
        .isInstanceOfSatisfying(InvalidClientMetadataException.class,
            e -> assertThat(e.reason()).contains("non-public address"));
    assertThat(requests).isEmpty();
  }

  @Test
  void refusesADocumentWhoseClientIdIsAnotherUrl() {
    serve("/client.json", document(url("other.json"), ""), null);

    assertThat(failure(url("client.json"))).contains("client_id is not the URL");
    assertThat(store.findClient(url("client.json")).blockOptional()).isEmpty();
  }

  @Test
  void refusesADocumentWithoutRedirectUris() {
    serve("/client.json", "{\"client_id\":\"" + url("client.json") + "\"}", null);

    assertThat(failure(url("client.json"))).contains("redirect_uris");
  }

  @Test
  void refusesPlainHttpRedirectUrisOffLoopback() {
    serve("/client.json", "{\"client_id\":\"" + url("client.json") + "\",\"redirect_uris\":[\"http://evil.example/cb\"]}", null);

    assertThat(failure(url("client.json"))).contains("must be https");
  }

  @Test
  void refusesRedirectUrisWithAFragment() {
    serve("/client.json", "{\"client_id\":\"" + url("client.json") + "\",\"redirect_uris\":[\"https://a.example/cb#x\"]}", null);

    assertThat(failure(url("client.json"))).contains("fragment");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://claude.ai@evil.example/cb", "https://claude.ai:x@evil.example/cb",
      "https://app.example/c\\\"b", "https://app.example/c\\u2028b", "https://app.example/c\\tb", "/relative/cb"})
  void refusesTheRedirectUrisRegistrationRefuses(String uri) {
    serve("/client.json", "{\"client_id\":\"" + url("client.json") + "\",\"redirect_uris\":[\"https://ok.example/cb\",\""
        + uri + "\"]}", null);

    assertThat(failure(url("client.json"))).contains("a redirect URI must");
    assertThat(store.findClient(url("client.json")).blockOptional()).isEmpty();
  }

  @Test
  void everyFailureOnceTheNetworkIsInvolvedTellsTheClientTheSameThing() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    ClientMetadataDocuments privateAddresses =
        new ClientMetadataDocuments(store, clock, true, PATIENT, host -> new InetAddress[] {
            InetAddress.getByName("10.0.0.8")});
    answers.put("/silent.json", response -> Mono.never());
    answers.put("/moved.json", response -> response.sendRedirect(url("client.json")));
    answers.put("/gone.json", response -> response.status(410).send());
    answers.put("/down.json", response -> response.status(503).send());
    serve("/array.json", "[1, 2]", null);
    serve("/liar.json", document(url("other.json"), ""), null);

    List<InvalidClientMetadataException> refusals = List.of(
        refusal("http://127.0.0.1:" + closedPort + "/client.json"),
        refusal(impatient(), url("silent.json")), refusal(url("moved.json")), refusal(url("gone.json")), refusal(url("missing.json")),
        refusal(url("down.json")), refusal(url("array.json")), refusal(url("liar.json")));
    assertThatThrownBy(() -> privateAddresses.resolve("https://metadata.example.com/client.json").block())
        .isInstanceOf(InvalidClientMetadataException.class)
        .hasMessage(InvalidClientMetadataException.WITHHELD);

    assertThat(refusals).extracting(Throwable::getMessage).containsOnly(InvalidClientMetadataException.WITHHELD);
    // Our log still hears what happened (which one, the tests above show; on a loaded machine any
    // of these may also run out of time).
    assertThat(refusals).extracting(InvalidClientMetadataException::reason)
        .doesNotContain(InvalidClientMetadataException.WITHHELD);
  }

  @Test
  void refusesDocumentsThatDescribeConfidentialClients() {
    serveDocument("basic.json", ",\"token_endpoint_auth_method\":\"client_secret_basic\"");
    serveDocument("secret.json", ",\"client_secret\":\"hunter2\"");
    serveDocument("none.json", ",\"token_endpoint_auth_method\":\"none\"");

    assertThat(failure(url("basic.json"))).contains("token_endpoint_auth_method must be none");
    assertThat(failure(url("secret.json"))).contains("token_endpoint_auth_method must be none").doesNotContain("hunter2");
    assertThat(documents.resolve(url("none.json")).block()).isNotNull();
  }

  @Test
  void abortsABodyLargerThanTheCapEvenWithoutAContentLength() {
    String chunk = "x".repeat(1024);
    answers.put(
        "/big.json",
        response -> response.header("Content-Type", "application/json").sendString(Flux.range(0, 64).map(i -> chunk)).then());

    assertThat(failure(url("big.json"))).contains("larger than 5120 bytes");
  }

  @Test
  void givesUpOnAServerThatNeverAnswers() {
    answers.put("/silent.json", response -> Mono.never());

    assertThat(refusal(impatient(), url("silent.json")).reason()).contains("did not answer in time");
  }

  @Test
  void doesNotFollowRedirects() {
    serveDocument("client.json", "");
    answers.put("/moved.json", response -> response.sendRedirect(url("client.json")));

    assertThat(failure(url("moved.json"))).contains("redirects are not followed");
    assertThat(requestsTo("client.json")).isZero();
  }

  @Test
  void refusesAnythingButA200() {
    answers.put("/gone.json", response -> response.status(410).send());

    assertThat(failure(url("gone.json"))).contains("HTTP 410");
    assertThat(failure(url("missing.json"))).contains("HTTP 404");
  }

  @Test
  void refusesABodyThatIsNotJson() {
    answers.put("/page.json", response -> response.header("Content-Type", "text/html").sendString(Mono.just("<html></html>")).then());
    serve("/array.json", "[1, 2]", null);

    assertThat(failure(url("page.json"))).contains("not served as JSON");
    assertThat(failure(url("array.json"))).contains("not a JSON object");
  }

  @Test
  void servesAStaleCopyForADayWhileTheHostIsDown() {
    serve("/client.json", document(url("client.json"), ""), "max-age=600");
    OAuthClient first = documents.resolve(url("client.json")).block();
    answers.put("/client.json", response -> response.status(503).send());

    clock.advance(Duration.ofMinutes(10).plus(Duration.ofHours(23)));
    assertThat(documents.resolve(url("client.json")).block()).isEqualTo(first);

    clock.advance(Duration.ofHours(1));
    assertThat(failure(url("client.json"))).contains("HTTP 503");
  }

  @Test
  void neverServesAStaleCopyOfADocumentThatBecameInvalid() {
    serve("/client.json", document(url("client.json"), ""), "max-age=600");
    documents.resolve(url("client.json")).block();
    serve("/client.json", document(url("other.json"), ""), null);

    clock.advance(Duration.ofMinutes(10));
    assertThat(failure(url("client.json"))).contains("client_id is not the URL");
  }

  @Test
  void refusesMalformedDocumentUrlsBeforeFetching() {
    int port = server.port();
    assertThat(failure("http://127.0.0.1:" + port + "/")).contains("must have a path");
    assertThat(failure("http://127.0.0.1:" + port + "/client.json#x")).contains("fragment");
    assertThat(failure("http://user:pw@127.0.0.1:" + port + "/client.json")).contains("user name or password");
    assertThat(failure("http://127.0.0.1:" + port + "/a/../client.json")).contains(". or ..");
    assertThat(failure("http://example.com/client.json")).contains("https, or http on a loopback host");
    // Nothing was fetched, so the client may hear exactly why.
    assertThat(refusal("http://127.0.0.1:" + port + "/").getMessage()).contains("must have a path");
    assertThat(requests).isEmpty();
  }

  @Test
  void withoutLoopbackModeAnHttpsUrlOnLoopbackIsRefusedBeforeConnecting() {
    ClientMetadataDocuments strict = new ClientMetadataDocuments(store, clock, false, PATIENT, InetAddress::getAllByName);

    assertThatThrownBy(() -> strict.resolve("https://127.0.0.1:" + server.port() + "/client.json").block())
        .isInstanceOfSatisfying(InvalidClientMetadataException.class,
            e -> assertThat(e.reason()).contains("non-public address"));
    assertThat(requests).isEmpty();
  }

  @Test
  void knowsWhichClientIdsAreDocumentUrls() {
    ClientMetadataDocuments strict = new ClientMetadataDocuments(store, clock, false);

    assertThat(strict.isDocumentUrl("https://app.example.com/oauth/client.json")).isTrue();
    assertThat(strict.isDocumentUrl("http://app.example.com/oauth/client.json")).isFalse();
    assertThat(strict.isDocumentUrl("http://127.0.0.1:8080/client.json")).isFalse();
    assertThat(strict.isDocumentUrl("mcp_3f1b6c0e2a")).isFalse();
    assertThat(strict.isDocumentUrl("urn:example:client")).isFalse();
    assertThat(strict.isDocumentUrl("")).isFalse();
    assertThat(strict.isDocumentUrl("https://")).isFalse();
    assertThat(documents.isDocumentUrl("http://127.0.0.1:8080/client.json")).isTrue();
    assertThat(documents.isDocumentUrl("http://localhost:8080/client.json")).isTrue();
    assertThat(documents.isDocumentUrl("http://[::1]:8080/client.json")).isTrue();
    assertThat(documents.isDocumentUrl("http://app.example.com/client.json")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1", "127.8.9.10", "::1",
        "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1",
        "169.254.169.254", "fe80::1",
        "224.0.0.1", "239.255.255.250", "ff02::1",
        "0.0.0.0", "::", "0.1.2.3",
        "100.64.0.1", "100.127.255.255",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:100.64.0.1", "::10.0.0.1",
        // NAT64 and 6to4 carry on to the IPv4 address inside: here 127.0.0.1 and 10.0.0.1.
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::a00:1", "2002:7f00:1::1", "2002:a00:1::1",
        "198.18.0.1", "198.19.255.255", "240.0.0.1", "255.255.255.255", "192.0.0.9", "192.0.2.1", "198.51.100.7",
        "203.0.113.9", "192.88.99.1", "192.31.196.1", "192.52.193.1", "192.175.48.1",
        "100::1", "2001::1", "2001:2::1", "2001:db8::1", "3fff::1", "5f00::1", "fec0::1", "2620:4f:8000::1"
      })
  void refusesNonPublicAddresses(String address) throws UnknownHostException {
    assertThat(ClientMetadataDocuments.isAllowedAddress(InetAddress.getByName(address), false)).isFalse();
  }

  @Test
  void everyRangeOfTheSpecialPurposeTableIsRefusedFromItsFirstAddressToItsLast() throws UnknownHostException {
    for (SpecialPurposeAddresses.Range range : SpecialPurposeAddresses.REFUSED) {
      byte[] last = range.prefix().clone();
      for (int bit = range.bits(); bit < last.length * 8; bit++) {
        last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
      }
      for (byte[] address : List.of(range.prefix(), last)) {
        assertThat(ClientMetadataDocuments.isAllowedAddress(InetAddress.getByAddress(address), true))
            .as("%s (%s, %s)", InetAddress.getByAddress(address), range.name(), range.rfc()).isFalse();
      }
    }
  }

  @Test
  void refusesIpv4MappedAddressesEvenWhenJavaKeepsThemIpv6() throws UnknownHostException {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};

    assertThat(ClientMetadataDocuments.isAllowedAddress(Inet6Address.getByAddress(null, mapped, -1), false)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "198.20.0.1", "223.255.255.1",
      "2606:4700::1111", "2001:4860:4860::8888", "2003::1", "::ffff:8.8.8.8"})
  void allowsPublicAddresses(String address) throws UnknownHostException {
    assertThat(ClientMetadataDocuments.isAllowedAddress(InetAddress.getByName(address), false)).isTrue();
  }

  @Test
  void loopbackModeAllowsLoopbackButNotPrivateRanges() throws UnknownHostException {
    for (String address : List.of("127.0.0.1", "::1", "::ffff:127.0.0.1")) {
      assertThat(ClientMetadataDocuments.isAllowedAddress(InetAddress.getByName(address), true)).as(address).isTrue();
    }
    for (String address : List.of("10.0.0.1", "192.168.1.1", "169.254.169.254", "fc00::1", "100.64.0.1")) {
      assertThat(ClientMetadataDocuments.isAllowedAddress(InetAddress.getByName(address), true)).as(address).isFalse();
    }
  }

  @Test
  void cacheControlParsing() {
    assertThat(ClientMetadataDocuments.maxAge(null)).isEqualTo(Duration.ofHours(1));
    assertThat(ClientMetadataDocuments.maxAge("public, max-age=\"3600\"")).isEqualTo(Duration.ofHours(1));
    assertThat(ClientMetadataDocuments.maxAge("max-age=7200")).isEqualTo(Duration.ofHours(2));
    assertThat(ClientMetadataDocuments.maxAge("max-age=junk")).isEqualTo(Duration.ofHours(1));
    assertThat(ClientMetadataDocuments.maxAge("no-cache")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ClientMetadataDocuments.maxAge("max-age=0")).isEqualTo(Duration.ofMinutes(5));
  }
}
