package dev.calendlymcp.cli;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a remote MCP client does before its first tool call, played against our HTTP server step by
 * step and printed as it goes: the 401 and its {@code WWW-Authenticate}, protected resource and
 * authorization server metadata, dynamic registration, authorization with PKCE through the
 * sandbox's Calendly, and the token request; at the end, revocation. The browser's part is a plain
 * HTTP client that follows redirects by hand and keeps cookies (a browser treats loopback http as
 * secure, so the {@code __Host-} cookies are kept too). No code, verifier or token is printed.
 */
final class HttpDemo {

  /** Not a listener: the demo reads the code from the redirect instead of receiving it. */
  static final URI REDIRECT = URI.create("http://127.0.0.1:9/callback");
  private static final int MAX_HOPS = 10;

  private final URI mcpUrl;
  private final PrintWriter out;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private int step;

  /** The endpoints and identifiers a signed-in client holds. */
  record SignedIn(URI resource, URI revocationEndpoint, ClientID clientId, AccessTokenResponse tokens) {
    AccessToken accessToken() {
      return tokens.getTokens().getAccessToken();
    }
  }

  /** Six steps to sign in, one to sign out. */
  static final int STEPS = 7;

  HttpDemo(URI mcpUrl, PrintWriter out, JsonMapper json) {
    this.mcpUrl = mcpUrl;
    this.out = out;
    this.json = json;
  }

  /** Steps 1 to 6: from an unauthenticated request to an access token. */
  SignedIn signIn() {
    HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(mcpUrl)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"calendly-mcp-demo\",\"version\":\"1\"}}}")));
    expect(unauthorized, 401, "POST " + mcpUrl.getPath() + " without a token");
    show("POST " + mcpUrl.getPath() + " without a token", "401 Unauthorized",
        "WWW-Authenticate: " + unauthorized.headers().firstValue("WWW-Authenticate").orElse("(missing)"));

    // RFC 9728 §3.1: the metadata of a resource with a path lives under the well-known prefix plus that path.
    URI resourceMetadataUrl = mcpUrl.resolve("/.well-known/oauth-protected-resource" + mcpUrl.getPath());
    JsonNode resourceMetadata = getJson(resourceMetadataUrl);
    URI resource = URI.create(text(resourceMetadata, "resource"));
    URI issuer = URI.create(resourceMetadata.path("authorization_servers").path(0).asString(""));
    show("GET " + resourceMetadataUrl.getPath() + " (protected resource metadata, at RFC 9728's well-known place)", "200",
        "resource " + resource + ", authorization server " + issuer);

    URI serverMetadataUrl = issuer.resolve("/.well-known/oauth-authorization-server");
    JsonNode server = getJson(serverMetadataUrl);
    URI authorizationEndpoint = URI.create(text(server, "authorization_endpoint"));
    URI tokenEndpoint = URI.create(text(server, "token_endpoint"));
    URI registrationEndpoint = URI.create(text(server, "registration_endpoint"));
    URI revocationEndpoint = URI.create(text(server, "revocation_endpoint"));
    List<String> scopes = strings(server.path("scopes_supported"));
    show("GET " + serverMetadataUrl.getPath() + " (authorization server metadata)", "200",
        "PKCE " + strings(server.path("code_challenge_methods_supported")) + ", scopes " + scopes
            + ", registration at " + registrationEndpoint.getPath());

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("client_name", "calendly-mcp demo agent");
    metadata.put("redirect_uris", List.of(REDIRECT.toString()));
    metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
    metadata.put("response_types", List.of("code"));
    metadata.put("token_endpoint_auth_method", "none");
    HttpResponse<String> registered = send(HttpRequest.newBuilder(registrationEndpoint)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(metadata))));
    expect(registered, 201, "POST " + registrationEndpoint.getPath());
    ClientID clientId = new ClientID(text(parse(registered.body()), "client_id"));
    show("POST " + registrationEndpoint.getPath() + " (dynamic client registration, a public client)", "201 Created",
        "client_id " + clientId.getValue() + ", redirect URI " + REDIRECT);

    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    URI authorize = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), clientId)
        .endpointURI(authorizationEndpoint)
        .redirectionURI(REDIRECT)
        .state(state)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .scope(new Scope(scopes.toArray(String[]::new)))
        .resource(resource)
        .build()
        .toURI();
    List<URI> hops = new ArrayList<>();
    URI landing = browse(authorize, hops);
    AuthorizationCode code = code(landing, state);
    show("GET " + authorizationEndpoint.getPath() + " with PKCE (S256), state and resource, in the browser",
        "a code at the redirect URI",
        "the browser went " + hops.stream().map(HttpDemo::place).collect(Collectors.joining(" → "))
            + " → the client; the sandbox signs the user in at its Calendly, and --auto-approve stands in for the"
            + " click on the consent page");

    TokenRequest tokenRequest = new TokenRequest.Builder(tokenEndpoint, clientId,
            new AuthorizationCodeGrant(code, REDIRECT, verifier))
        .resources(resource)
        .build();
    HttpResponse<String> token = post(tokenEndpoint, tokenRequest.toHTTPRequest().getBody());
    AccessTokenResponse tokens = tokens(token);
    show("POST " + tokenEndpoint.getPath() + " (the code and the PKCE verifier)", token.statusCode() + "",
        "a bearer token for " + tokens.getTokens().getAccessToken().getLifetime() + " s, scope "
            + tokens.getTokens().getAccessToken().getScope() + ", and a refresh token (neither is printed)");
    return new SignedIn(resource, revocationEndpoint, clientId, tokens);
  }

  /** The last step: the token revoked, and the server refusing it from then on. */
  void revoke(SignedIn signedIn) {
    String body = new TokenRevocationRequest(signedIn.revocationEndpoint(), signedIn.clientId(), signedIn.accessToken())
        .toHTTPRequest().getBody();
    HttpResponse<String> revoked = post(signedIn.revocationEndpoint(), body);
    expect(revoked, 200, "POST " + signedIn.revocationEndpoint().getPath());
    HttpResponse<String> after = send(HttpRequest.newBuilder(mcpUrl)
        .header("Authorization", new BearerAccessToken(signedIn.accessToken().getValue()).toAuthorizationHeader())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
    expect(after, 401, "POST " + mcpUrl.getPath() + " with the revoked token");
    show("POST " + signedIn.revocationEndpoint().getPath() + " (the client signs out)", "200",
        "the same token on " + mcpUrl.getPath() + " now gets 401");
  }

  /** Follows redirects by hand, keeping cookies, until the browser is sent to the client. */
  private URI browse(URI start, List<URI> hops) {
    URI location = start;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (location.toString().startsWith(REDIRECT.toString())) {
        return location;
      }
      hops.add(location);
      HttpResponse<String> page = send(HttpRequest.newBuilder(location).GET());
      if (page.statusCode() < 300 || page.statusCode() > 399) {
        throw new DemoConversation.DemoFailure("signing in stopped at " + place(location) + " with HTTP "
            + page.statusCode() + " instead of sending the browser back to the client");
      }
      URI from = location;
      location = from.resolve(page.headers().firstValue("Location").orElseThrow(
          () -> new DemoConversation.DemoFailure(place(from) + " redirected without a Location")));
    }
    throw new DemoConversation.DemoFailure("signing in went through more than " + MAX_HOPS + " redirects");
  }

  private static AuthorizationCode code(URI landing, State state) {
    AuthorizationResponse response;
    try {
      response = AuthorizationResponse.parse(landing);
    } catch (ParseException e) {
      throw new DemoConversation.DemoFailure("the redirect to the client was not an authorization response", e);
    }
    if (!state.equals(response.getState())) {
      throw new DemoConversation.DemoFailure("the redirect to the client carried another state");
    }
    if (!response.indicatesSuccess()) {
      throw new DemoConversation.DemoFailure("the server refused authorization: "
          + response.toErrorResponse().getErrorObject().getCode());
    }
    return response.toSuccessResponse().getAuthorizationCode();
  }

  private static AccessTokenResponse tokens(HttpResponse<String> token) {
    HTTPResponse response = new HTTPResponse(token.statusCode());
    token.headers().firstValue("Content-Type").ifPresent(type -> {
      try {
        response.setContentType(type);
      } catch (ParseException e) {
        throw new DemoConversation.DemoFailure("the token endpoint answered with a bad Content-Type", e);
      }
    });
    response.setBody(token.body());
    try {
      TokenResponse parsed = TokenResponse.parse(response);
      if (!parsed.indicatesSuccess()) {
        throw new DemoConversation.DemoFailure("the token endpoint refused the code: "
            + parsed.toErrorResponse().getErrorObject().getCode());
      }
      return parsed.toSuccessResponse();
    } catch (ParseException e) {
      throw new DemoConversation.DemoFailure("the token endpoint's answer was not a token response", e);
    }
  }

  /** Where a URL points, without its query (which carries the PKCE challenge and state). */
  private static String place(URI uri) {
    return uri.getHost() + ":" + uri.getPort() + uri.getPath();
  }

  private void show(String request, String status, String detail) {
    step++;
    out.printf("[OAuth %d/%d] %s%n      → %s: %s%n%n", step, STEPS, request, status, detail);
    out.flush();
  }

  private JsonNode getJson(URI uri) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());
    expect(response, 200, "GET " + uri.getPath());
    return parse(response.body());
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new DemoConversation.DemoFailure("the server answered with something that is not JSON", e);
    }
  }

  private static String text(JsonNode node, String field) {
    String value = node.path(field).asString("");
    if (value.isEmpty()) {
      throw new DemoConversation.DemoFailure("the server's metadata has no " + field);
    }
    return value;
  }

  private static List<String> strings(JsonNode array) {
    return array.valueStream().map(node -> node.asString("")).toList();
  }

  private static void expect(HttpResponse<String> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new DemoConversation.DemoFailure(what + " answered HTTP " + response.statusCode() + " instead of " + status);
    }
  }

  private HttpResponse<String> post(URI uri, String form) {
    return send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream()
          .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
          .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> response =
          http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      for (String header : response.headers().allValues("Set-Cookie")) {
        Cookie cookie = ClientCookieDecoder.LAX.decode(header);
        if (cookie != null) {
          cookies.put(cookie.name(), cookie.value());
        }
      }
      return response;
    } catch (IOException e) {
      throw new DemoConversation.DemoFailure("the server could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoConversation.DemoFailure("interrupted", e);
    }
  }
}
