package dev.calendlymcp.calendly;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Calendly's OAuth token endpoints (auth.calendly.com) for one OAuth app: exchanging an
 * authorization code, refreshing, revoking and introspecting tokens. Requests and responses are
 * built and read with Nimbus; the bytes travel over the shared {@link CalendlyHttp} pool.
 *
 * <p>The token endpoint authenticates a confidential client with HTTP Basic, as Calendly
 * documents for web apps, and a public client by {@code client_id} in the form plus PKCE.
 * Revocation and introspection send {@code client_id}/{@code client_secret} in the form, the way
 * Calendly documents those two endpoints.
 *
 * <p>No secret (client secret, code, code verifier, token) ever reaches an exception message.
 * Before an error body becomes an exception, every secret the request carried is replaced, and
 * so is any other run of 32 or more token characters: Calendly's tokens, codes and secrets are
 * all that long, its error texts are prose, and a token the server echoes that this request did
 * not send (a newly issued one, say) is caught as well. Nimbus's own parse errors, which may
 * quote the body, are never passed on.
 */
public final class CalendlyOAuth {

  private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final String REDACTED = "[redacted]";
  private static final Pattern OPAQUE_TOKEN = Pattern.compile("[A-Za-z0-9._~+=-]{32,}");

  private final CalendlyHttp http;
  private final OAuthClientCredentials client;
  private final Clock clock;

  private CalendlyOAuth(CalendlyHttp http, OAuthClientCredentials client, Clock clock) {
    this.http = http;
    this.client = client;
    this.clock = clock;
  }

  public static CalendlyOAuth create(CalendlyHttp http, OAuthClientCredentials client) {
    return create(http, client, Clock.systemUTC());
  }

  /** @param clock stamps {@link OAuthTokens#expiresAt()}; inject a fixed one in tests */
  public static CalendlyOAuth create(CalendlyHttp http, OAuthClientCredentials client, Clock clock) {
    return new CalendlyOAuth(
        Objects.requireNonNull(http, "http"),
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * {@code POST /oauth/token} with {@code grant_type=authorization_code}: turns the code Calendly
   * sent to the redirect URI into tokens. A code works once and expires after 10 minutes.
   *
   * @param redirectUri exactly the redirect URI of the authorization request
   * @param codeVerifier the PKCE verifier whose challenge the authorization request carried;
   *     required for a public client, null if a confidential client did not use PKCE
   */
  public Mono<OAuthTokens> exchangeCode(String code, String redirectUri, String codeVerifier) {
    return Mono.fromCallable(
            () -> {
              String checkedCode = secretParameter(code, "code");
              URI redirect = redirectUri(redirectUri);
              CodeVerifier verifier = codeVerifier(codeVerifier);
              AuthorizationGrant grant =
                  new AuthorizationCodeGrant(new AuthorizationCode(checkedCode), redirect, verifier);
              return new Call(tokenRequest(grant), secrets(checkedCode, codeVerifier));
            })
        .flatMap(call -> send(Endpoint.OAUTH_TOKEN, call))
        .map(this::tokens);
  }

  /**
   * {@code POST /oauth/token} with {@code grant_type=refresh_token}. Calendly's refresh tokens
   * are single-use: store the returned {@link OAuthTokens#refreshToken()} in place of this one
   * before using the new access token, or the grant is lost.
   */
  public Mono<OAuthTokens> refresh(RefreshToken refreshToken) {
    return Mono.fromCallable(
            () -> {
              RefreshToken token = required(refreshToken, "refresh_token");
              AuthorizationGrant grant =
                  new RefreshTokenGrant(new com.nimbusds.oauth2.sdk.token.RefreshToken(token.reveal()));
              return new Call(tokenRequest(grant), secrets(token.reveal()));
            })
        .flatMap(call -> send(Endpoint.OAUTH_TOKEN, call))
        .map(this::tokens);
  }

  /** {@code POST /oauth/revoke} for an access token. */
  public Mono<Void> revoke(AccessToken token) {
    return Mono.fromCallable(
            () -> {
              AccessToken checked = required(token, "token");
              return revocation(new com.nimbusds.oauth2.sdk.token.BearerAccessToken(checked.reveal()));
            })
        .flatMap(call -> send(Endpoint.OAUTH_REVOKE, call))
        .then();
  }

  /** {@code POST /oauth/revoke} for a refresh token; this also ends the grant's access tokens. */
  public Mono<Void> revoke(RefreshToken token) {
    return Mono.fromCallable(
            () -> {
              RefreshToken checked = required(token, "token");
              return revocation(new com.nimbusds.oauth2.sdk.token.RefreshToken(checked.reveal()));
            })
        .flatMap(call -> send(Endpoint.OAUTH_REVOKE, call))
        .then();
  }

  /** {@code POST /oauth/introspect} for an access token. Needs a confidential client. */
  public Mono<TokenIntrospection> introspect(AccessToken token) {
    return Mono.fromCallable(
            () -> {
              AccessToken checked = required(token, "token");
              return introspection(new com.nimbusds.oauth2.sdk.token.BearerAccessToken(checked.reveal()));
            })
        .flatMap(call -> send(Endpoint.OAUTH_INTROSPECT, call))
        .map(this::introspectionResult);
  }

  /** {@code POST /oauth/introspect} for a refresh token. Needs a confidential client. */
  public Mono<TokenIntrospection> introspect(RefreshToken token) {
    return Mono.fromCallable(
            () -> {
              RefreshToken checked = required(token, "token");
              return introspection(new com.nimbusds.oauth2.sdk.token.RefreshToken(checked.reveal()));
            })
        .flatMap(call -> send(Endpoint.OAUTH_INTROSPECT, call))
        .map(this::introspectionResult);
  }

  private HTTPRequest tokenRequest(AuthorizationGrant grant) {
    URI endpoint = endpointUri(Endpoint.OAUTH_TOKEN);
    TokenRequest.Builder request =
        client.isPublic()
            ? new TokenRequest.Builder(endpoint, new ClientID(client.clientId()), grant)
            : new TokenRequest.Builder(
                endpoint,
                new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret().reveal())),
                grant);
    return request.build().toHTTPRequest();
  }

  private Call revocation(Token token) {
    URI endpoint = endpointUri(Endpoint.OAUTH_REVOKE);
    TokenRevocationRequest request =
        client.isPublic()
            ? new TokenRevocationRequest(endpoint, new ClientID(client.clientId()), token)
            : new TokenRevocationRequest(endpoint, clientSecretPost(), token);
    return new Call(request.toHTTPRequest(), secrets(token.getValue()));
  }

  private Call introspection(Token token) {
    if (client.isPublic()) {
      throw new IllegalStateException(
          "Calendly's token introspection needs the app's client_secret; this OAuth client is public");
    }
    URI endpoint = endpointUri(Endpoint.OAUTH_INTROSPECT);
    return new Call(
        new TokenIntrospectionRequest(endpoint, clientSecretPost(), token).toHTTPRequest(),
        secrets(token.getValue()));
  }

  private ClientSecretPost clientSecretPost() {
    return new ClientSecretPost(new ClientID(client.clientId()), new Secret(client.clientSecret().reveal()));
  }

  private URI endpointUri(Endpoint endpoint) {
    return URI.create(http.config().authBaseUrl() + endpoint.pathTemplate());
  }

  /** Sends the form and returns a 2xx response; any other status becomes a CalendlyException. */
  private Mono<Exchange> send(Endpoint endpoint, Call call) {
    Map<String, String> headers = new LinkedHashMap<>();
    call.request()
        .getHeaderMap()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type") && values != null && !values.isEmpty()) {
                headers.put(name, values.get(0));
              }
            });
    OutboundRequest outbound =
        new OutboundRequest(
            endpoint,
            OutboundRequest.pathAndQuery(endpoint, List.of(), List.of()),
            headers,
            call.request().getBody().getBytes(StandardCharsets.UTF_8),
            call.request().getEntityContentType().toString(),
            null);
    return http.send(outbound)
        .flatMap(
            response ->
                response.isSuccess()
                    ? Mono.just(new Exchange(endpoint, response))
                    : Mono.error(CalendlyJson.error(endpoint, scrubbed(response, call.secrets()))));
  }

  private OAuthTokens tokens(Exchange exchange) {
    Instant received = clock.instant();
    AccessTokenResponse success;
    try {
      TokenResponse parsed = TokenResponse.parse(exchange.toNimbus());
      if (!parsed.indicatesSuccess()) {
        throw malformed(exchange, "an error object in a success response");
      }
      success = parsed.toSuccessResponse();
    } catch (ParseException e) {
      throw malformed(exchange, "not an OAuth token response (access_token and token_type are required)");
    }
    Tokens tokens = success.getTokens();
    com.nimbusds.oauth2.sdk.token.AccessToken access = tokens.getAccessToken();
    AccessToken accessToken;
    RefreshToken refreshToken;
    try {
      accessToken = AccessToken.of(access.getValue());
      refreshToken = tokens.getRefreshToken() == null ? null : RefreshToken.of(tokens.getRefreshToken().getValue());
    } catch (IllegalArgumentException e) {
      throw malformed(exchange, "a token that is not visible ASCII");
    }
    Duration expiresIn = access.getLifetime() > 0 ? Duration.ofSeconds(access.getLifetime()) : null;
    Map<String, Object> extra = success.getCustomParameters();
    return new OAuthTokens(
        accessToken,
        refreshToken,
        access.getType().getValue(),
        scopes(access.getScope()),
        instant(exchange, extra.get("created_at"), "created_at"),
        expiresIn,
        expiresIn == null ? null : received.plus(expiresIn),
        uri(exchange, extra.get("owner"), "owner"),
        uri(exchange, extra.get("organization"), "organization"));
  }

  private TokenIntrospection introspectionResult(Exchange exchange) {
    TokenIntrospectionSuccessResponse success;
    try {
      TokenIntrospectionResponse parsed = TokenIntrospectionResponse.parse(exchange.toNimbus());
      if (!parsed.indicatesSuccess()) {
        throw malformed(exchange, "an error object in a success response");
      }
      success = parsed.toSuccessResponse();
    } catch (ParseException e) {
      throw malformed(exchange, "not a token introspection response (active is required)");
    }
    return new TokenIntrospection(
        success.isActive(),
        scopes(success.getScope()),
        success.getClientID() == null ? null : success.getClientID().getValue(),
        success.getStringParameter("token_type"),
        instant(success.getExpirationTime()),
        instant(success.getIssueTime()),
        uri(exchange, success.getStringParameter("owner"), "owner"),
        uri(exchange, success.getStringParameter("organization"), "organization"));
  }

  private static Set<String> scopes(Scope scope) {
    return scope == null ? Set.of() : Set.copyOf(scope.toStringList());
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  /** Calendly sends epoch seconds; an ISO-8601 string is accepted too. */
  private static Instant instant(Exchange exchange, Object value, String field) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return Instant.ofEpochSecond(number.longValue());
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      throw malformed(exchange, field + " is neither epoch seconds nor an ISO-8601 instant");
    }
  }

  private static URI uri(Exchange exchange, Object value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return URI.create(value.toString());
    } catch (IllegalArgumentException e) {
      throw malformed(exchange, field + " is not a URI");
    }
  }

  private static CalendlyException.MalformedResponse malformed(Exchange exchange, String problem) {
    return new CalendlyException.MalformedResponse(exchange.endpoint(), exchange.response().status(), problem, null);
  }

  /** Replaces the request's secrets, and anything else shaped like a token, in an error body. */
  private static CalendlyHttp.RawResponse scrubbed(CalendlyHttp.RawResponse response, List<String> secrets) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    String clean = body;
    for (String secret : secrets) {
      clean = clean.replace(secret, REDACTED);
    }
    clean = OPAQUE_TOKEN.matcher(clean).replaceAll(REDACTED);
    if (clean.equals(body)) {
      return response;
    }
    return new CalendlyHttp.RawResponse(
        response.status(), response.headers(), clean.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> secrets(String... values) {
    List<String> out = new ArrayList<>();
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        out.add(value.strip());
      }
    }
    if (client.clientSecret() != null) {
      out.add(client.clientSecret().reveal());
    }
    return out;
  }

  private CodeVerifier codeVerifier(String value) {
    if (value == null) {
      if (client.isPublic()) {
        throw new IllegalArgumentException("code_verifier is required: a public OAuth client must use PKCE");
      }
      return null;
    }
    String verifier = value.strip();
    if (!CODE_VERIFIER.matcher(verifier).matches()) {
      throw new IllegalArgumentException(
          "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9 and -._~ (RFC 7636)");
    }
    return new CodeVerifier(verifier);
  }

  private static URI redirectUri(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("redirect_uri is required (the one the authorization request used)");
    }
    URI uri;
    try {
      uri = URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("redirect_uri is not a valid URI: " + value, e);
    }
    if (!uri.isAbsolute() || uri.getFragment() != null) {
      throw new IllegalArgumentException("redirect_uri must be an absolute URI without a #fragment, got " + value);
    }
    return uri;
  }

  private static String secretParameter(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    String trimmed = value.strip();
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(field + " may contain only visible ASCII characters");
      }
    }
    return trimmed;
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  /** A built request and the secrets it carries, so that an error echoing one can be cleaned. */
  private record Call(HTTPRequest request, List<String> secrets) {
    @Override
    public String toString() {
      return "Call[redacted]";
    }
  }

  /** A 2xx answer, readable by Nimbus. */
  private record Exchange(Endpoint endpoint, CalendlyHttp.RawResponse response) {

    HTTPResponse toNimbus() {
      HTTPResponse nimbus = new HTTPResponse(response.status());
      String contentType = response.headers().get("Content-Type");
      try {
        // A missing header is read as JSON, so that a proxy dropping it does not fail a login.
        nimbus.setContentType(contentType == null ? "application/json" : contentType);
      } catch (ParseException e) {
        throw new CalendlyException.MalformedResponse(endpoint, response.status(), "an unreadable Content-Type", null);
      }
      nimbus.setBody(new String(response.body(), StandardCharsets.UTF_8));
      return nimbus;
    }

    @Override
    public String toString() {
      return "Exchange[" + endpoint + ", " + response.status() + "]";
    }
  }
}
