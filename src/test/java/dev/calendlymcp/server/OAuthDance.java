package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an MCP client does to get a token from a server it has never seen, step by step as the MCP
 * authorization specification lays it out: the 401's {@code resource_metadata}, the protected
 * resource metadata, the authorization server metadata, dynamic registration, authorization with
 * PKCE, {@code state} and {@code resource}, and the token request. The browser's part is a client
 * that follows redirects by hand and keeps cookies whatever their {@code Secure} flag (a browser
 * treats loopback http as secure; {@link java.net.CookieManager} does not).
 */
final class OAuthDance {

  /** What a client holds after signing in. */
  record Tokens(String clientId, String accessToken, String refreshToken, JsonNode response) {}

  /** The endpoints a client discovered. */
  record Discovery(URI issuer, URI resource, URI tokenEndpoint, URI authorizationEndpoint, URI registrationEndpoint,
      URI revocationEndpoint) {}

  static final URI REDIRECT = URI.create("http://127.0.0.1:9/callback");
  private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");
  private static final Pattern HIDDEN_FIELD = Pattern.compile("type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\"");

  private final URI mcpUrl;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final List<URI> visited = new ArrayList<>();

  OAuthDance(URI mcpUrl) {
    this.mcpUrl = mcpUrl;
  }

  /** Steps 1–3: from an unauthenticated request to the authorization server's endpoints. */
  Discovery discover() {
    HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(mcpUrl)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"dance\",\"version\":\"1\"}}}")));
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow();
    Matcher matcher = RESOURCE_METADATA.matcher(challenge);
    assertThat(matcher.find()).as("resource_metadata in %s", challenge).isTrue();
    JsonNode resourceMetadata = getJson(URI.create(matcher.group(1)));
    URI resource = URI.create(resourceMetadata.get("resource").asString());
    URI issuer = URI.create(resourceMetadata.get("authorization_servers").get(0).asString());
    JsonNode server = getJson(URI.create(issuer + "/.well-known/oauth-authorization-server"));
    assertThat(server.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    return new Discovery(
        issuer,
        resource,
        URI.create(server.get("token_endpoint").asString()),
        URI.create(server.get("authorization_endpoint").asString()),
        URI.create(server.get("registration_endpoint").asString()),
        URI.create(server.get("revocation_endpoint").asString()));
  }

  /** Step 4: dynamic client registration as a public client with a loopback redirect. */
  String register(Discovery discovery, String clientName) {
    return registered(discovery, clientName, "none").get("client_id").asString();
  }

  /** Registration with {@code authMethod} ({@code none}, {@code client_secret_basic}, ...): the server's answer. */
  JsonNode registered(Discovery discovery, String clientName, String authMethod) {
    HttpResponse<String> response = registration(discovery, "{\"client_name\":\"" + clientName + "\",\"redirect_uris\":[\""
        + REDIRECT + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
        + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"" + authMethod + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return parse(response.body());
  }

  HttpResponse<String> registration(Discovery discovery, String metadata) {
    return send(HttpRequest.newBuilder(discovery.registrationEndpoint())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(metadata)));
  }

  /** Steps 1–6 for a fresh client, on a server that approves consent by itself (sandbox). */
  Tokens signIn(String clientName, String loginHint) {
    Discovery discovery = discover();
    String clientId = register(discovery, clientName);
    return authorize(discovery, clientId, loginHint);
  }

  /** The authorization request an honest client sends; without {@code state} when it is null. */
  Map<String, String> authorizationQuery(Discovery discovery, String clientId, CodeVerifier verifier, String state,
      String loginHint) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", REDIRECT.toString());
    if (state != null) {
      query.put("state", state);
    }
    query.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    query.put("code_challenge_method", "S256");
    query.put("resource", discovery.resource().toString());
    query.put("scope", "calendly:read calendly:write");
    if (loginHint != null) {
      query.put("login_hint", loginHint);
    }
    return query;
  }

  /** Where the browser ends up: a page (2xx/4xx) or the client's redirect URI. */
  record Landing(HttpResponse<String> page, URI location) {
    boolean redirectedToClient() {
      return location.toString().startsWith(REDIRECT.toString());
    }

    Map<String, List<String>> parameters() {
      return new QueryStringDecoder(location).parameters();
    }

    /** The one value of a parameter of the redirect. */
    String parameter(String name) {
      return OAuthDance.parameter(location, name);
    }

    /** Whether the page is our consent page, waiting for a click. */
    boolean askedConsent() {
      return page != null && page.statusCode() == 200 && page.body().contains("action=\"/consent\"");
    }

    /** The hidden fields of the page's form. */
    Map<String, String> hiddenFields() {
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher matcher = HIDDEN_FIELD.matcher(page.body());
      while (matcher.find()) {
        fields.put(matcher.group(1), matcher.group(2).replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
      }
      return fields;
    }
  }

  /** Follows redirects by hand, from our server to Calendly and back, until a page or the client. */
  Landing browse(URI start) {
    URI location = start;
    HttpResponse<String> page = null;
    for (int hop = 0; hop < 10 && !location.toString().startsWith(REDIRECT.toString()); hop++) {
      visited.add(location);
      page = send(HttpRequest.newBuilder(location).GET());
      if (page.statusCode() < 300 || page.statusCode() > 399) {
        return new Landing(page, location);
      }
      location = location.resolve(page.headers().firstValue("Location").orElseThrow());
    }
    return new Landing(page, location);
  }

  /** The one value of a query parameter. */
  static String parameter(URI uri, String name) {
    List<String> values = new QueryStringDecoder(uri).parameters().get(name);
    assertThat(values).as("%s in %s", name, uri).hasSize(1);
    return values.get(0);
  }

  /** The browser's first request only: where our {@code /authorize} sends it (Calendly, when it goes on). */
  URI firstHop(Discovery discovery, Map<String, String> query) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(discovery.authorizationEndpoint() + "?" + form(query))).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }

  Landing startAuthorization(Discovery discovery, Map<String, String> query) {
    return browse(URI.create(discovery.authorizationEndpoint() + "?" + form(query)));
  }

  /** The user's click on the consent page: its form posted with {@code decision}, then on to wherever it leads. */
  Landing decide(Landing consentPage, String decision) {
    return decide(consentPage, decision, Map.of());
  }

  /**
   * The user's click after changing some choices: what a browser posts, the page's hidden fields and
   * chosen options and ticked boxes, with {@code changes} on top (an empty value unticks a box).
   */
  Landing decide(Landing consentPage, String decision, Map<String, String> changes) {
    assertThat(consentPage.askedConsent()).as("a consent page at %s", consentPage.location()).isTrue();
    Map<String, String> form = new LinkedHashMap<>(consentPage.hiddenFields());
    form.putAll(choices(consentPage.page().body()));
    changes.forEach((name, value) -> {
      if (value.isEmpty()) {
        form.remove(name);
      } else {
        form.put(name, value);
      }
    });
    form.put("decision", decision);
    return follow(consentPage.location(), post(consentPage.location().resolve("/consent"), form));
  }

  private static final Pattern SELECT = Pattern.compile("<select id=\"[^\"]*\" name=\"([a-z_.]+)\">(.*?)</select>");
  private static final Pattern SELECTED = Pattern.compile("<option value=\"([a-z]+)\" selected>");
  private static final Pattern TICKED = Pattern.compile("type=\"checkbox\" name=\"([a-z_.]+)\" value=\"on\" checked>");

  /** The policy choices of a page (or of one form of it) as a browser would post them untouched. */
  static Map<String, String> choices(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher select = SELECT.matcher(html);
    while (select.find()) {
      Matcher selected = SELECTED.matcher(select.group(2));
      if (selected.find()) {
        fields.put(select.group(1), selected.group(1));
      }
    }
    Matcher ticked = TICKED.matcher(html);
    while (ticked.find()) {
      fields.put(ticked.group(1), "on");
    }
    return fields;
  }

  /** A redirect followed on through {@link #browse}; any other answer is where the browser stays. */
  Landing follow(URI from, HttpResponse<String> response) {
    if (response.statusCode() >= 300 && response.statusCode() <= 399) {
      return browse(from.resolve(response.headers().firstValue("Location").orElseThrow()));
    }
    return new Landing(response, from);
  }

  /** Steps 5–6: the browser's trip through consent and Calendly, then the code for tokens. */
  Tokens authorize(Discovery discovery, String clientId, String loginHint) {
    return authorize(discovery, clientId, loginHint, UUID.randomUUID().toString());
  }

  /** Steps 5–6 for a client that sends {@code state}, or none when it is null. */
  Tokens authorize(Discovery discovery, String clientId, String loginHint, String state) {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(discovery, clientId, verifier, loginHint, state);
    HttpResponse<String> token = exchange(discovery, clientId, code, verifier.getValue());
    return tokens(clientId, token);
  }

  /** Step 5: the browser's trip, approving our consent page if it is shown; the code the client gets. */
  String code(Discovery discovery, String clientId, CodeVerifier verifier, String loginHint) {
    return code(discovery, clientId, verifier, loginHint, UUID.randomUUID().toString());
  }

  /** Step 5 for a client that sends {@code state}, or none when it is null: that state comes back, or none. */
  String code(Discovery discovery, String clientId, CodeVerifier verifier, String loginHint, String state) {
    Landing landing = startAuthorization(discovery, authorizationQuery(discovery, clientId, verifier, state, loginHint));
    if (landing.askedConsent()) {
      landing = decide(landing, "approve");
    }
    assertThat(landing.redirectedToClient()).as("landed on %s", landing.location()).isTrue();
    assertThat(landing.parameters()).as("redirect %s", landing.location()).containsKey("code");
    if (state == null) {
      assertThat(landing.parameters()).as("redirect %s", landing.location()).doesNotContainKey("state");
    } else {
      assertThat(landing.parameters().get("state")).containsExactly(state);
    }
    // RFC 9207: the client can tell which server answered it.
    assertThat(landing.parameters().get("iss")).containsExactly(discovery.issuer().toString());
    return landing.parameter("code");
  }

  Tokens tokens(String clientId, HttpResponse<String> token) {
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonNode body = parse(token.body());
    return new Tokens(clientId, body.get("access_token").asString(), body.get("refresh_token").asString(), body);
  }

  HttpResponse<String> exchange(Discovery discovery, String clientId, String code, String verifier) {
    return post(discovery.tokenEndpoint(), Map.of(
        "grant_type", "authorization_code",
        "code", code,
        "redirect_uri", REDIRECT.toString(),
        "client_id", clientId,
        "code_verifier", verifier,
        "resource", discovery.resource().toString()));
  }

  /** Our refresh grant: a new pair, the old refresh token spent. */
  HttpResponse<String> refresh(Discovery discovery, Tokens tokens) {
    return post(discovery.tokenEndpoint(), Map.of(
        "grant_type", "refresh_token",
        "refresh_token", tokens.refreshToken(),
        "client_id", tokens.clientId()));
  }

  Tokens refreshed(Tokens old, HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = parse(response.body());
    return new Tokens(old.clientId(), body.get("access_token").asString(), body.get("refresh_token").asString(), body);
  }

  HttpResponse<String> revoke(Discovery discovery, String clientId, String token) {
    return post(discovery.revocationEndpoint(), Map.of("token", token, "client_id", clientId));
  }

  HttpResponse<String> post(URI uri, Map<String, String> fields) {
    return send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** A form post with HTTP Basic client authentication (RFC 6749 §2.3.1). */
  HttpResponse<String> postAs(URI uri, String clientId, String secret, Map<String, String> fields) {
    String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
        + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  /** An MCP {@code initialize} with {@code accessToken}: 200, or the resource server's refusal. */
  HttpResponse<String> initialize(String accessToken) {
    return send(HttpRequest.newBuilder(mcpUrl)
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}")));
  }

  /** The browser's cookies by name, whatever host set them. */
  Map<String, String> cookies() {
    return Map.copyOf(cookies);
  }

  /** Every URL the browser was sent to, in order. */
  List<URI> visited() {
    return List.copyOf(visited);
  }

  JsonNode getJson(URI uri) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());
    assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
    return parse(response.body());
  }

  JsonNode parse(String body) {
    return json.readTree(body);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream()
          .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
          .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      for (String set : response.headers().allValues("Set-Cookie")) {
        String pair = set.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq > 0) {
          cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
      }
      return response;
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
