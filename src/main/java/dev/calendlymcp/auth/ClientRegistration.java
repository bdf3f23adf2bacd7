package dev.calendlymcp.auth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.auth.store.OAuthClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.minidev.json.JSONObject;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * RFC 7591 dynamic client registration at {@code POST /register}: each agent registers itself and
 * gets a client of its own. Public clients (PKCE only, {@code token_endpoint_auth_method=none}) are
 * the default, as MCP clients expect; a client that asks for a secret gets one, stored hashed.
 */
final class ClientRegistration {

  private static final Set<ClientAuthenticationMethod> METHODS = Set.of(
      ClientAuthenticationMethod.NONE, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
      ClientAuthenticationMethod.CLIENT_SECRET_POST);

  private final AuthStore store;
  private final Clock clock;

  ClientRegistration(AuthStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Mono<Void> register(HttpServerRequest request, HttpServerResponse response) {
    return Web.body(request)
        .flatMap(body -> {
          JSONObject json;
          try {
            json = JSONObjectUtils.parse(body);
          } catch (ParseException e) {
            return error(response, RegistrationError.INVALID_CLIENT_METADATA.getCode(),
                "The registration must be a JSON object of RFC 7591 client metadata.");
          }
          Optional<String> redirectProblem = RedirectUris.problemIn(json);
          if (redirectProblem.isPresent()) {
            return error(response, RegistrationError.INVALID_REDIRECT_URI.getCode(), redirectProblem.get());
          }
          ClientMetadata metadata;
          try {
            metadata = ClientMetadata.parse(json);
          } catch (IllegalArgumentException e) {
            // Nimbus's way of saying a value holds characters it will not quote in a description.
            return error(response, RegistrationError.INVALID_CLIENT_METADATA.getCode(),
                "The registration holds a malformed value (quotes, backslashes or control characters).");
          } catch (ParseException e) {
            // Nimbus refuses some redirect URIs itself (a fragment, a javascript: scheme, no valid
            // URI): RFC 7591 names that invalid_redirect_uri, and its description says which.
            if (e.getErrorObject() != null
                && RegistrationError.INVALID_REDIRECT_URI.getCode().equals(e.getErrorObject().getCode())) {
              return error(response, RegistrationError.INVALID_REDIRECT_URI.getCode(), e.getErrorObject().getDescription());
            }
            return error(response, RegistrationError.INVALID_CLIENT_METADATA.getCode(),
                "The registration must be a JSON object of RFC 7591 client metadata.");
          }
          Optional<String> problem = problem(metadata);
          if (problem.isPresent()) {
            String code = problem.get().contains("redirect URI")
                ? RegistrationError.INVALID_REDIRECT_URI.getCode()
                : RegistrationError.INVALID_CLIENT_METADATA.getCode();
            return error(response, code, problem.get());
          }
          return save(metadata).flatMap(information ->
              Web.json(response, 201, information.toJSONObject().toJSONString()));
        })
        .onErrorResume(Web.TooLarge.class, e ->
            error(response, RegistrationError.INVALID_CLIENT_METADATA.getCode(), "The registration is too large."));
  }

  private static Optional<String> problem(ClientMetadata metadata) {
    // Each one was checked by RedirectUris.problemIn before Nimbus read them.
    if (metadata.getRedirectionURIs() == null || metadata.getRedirectionURIs().isEmpty()) {
      return Optional.of("redirect_uris is required: at least one redirect URI");
    }
    if (metadata.getGrantTypes() != null
        && !Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN).containsAll(metadata.getGrantTypes())) {
      return Optional.of("grant_types may only be authorization_code and refresh_token");
    }
    if (metadata.getResponseTypes() != null
        && !Set.of(new ResponseType(ResponseType.Value.CODE)).containsAll(metadata.getResponseTypes())) {
      return Optional.of("response_types may only be code");
    }
    if (metadata.getTokenEndpointAuthMethod() != null && !METHODS.contains(metadata.getTokenEndpointAuthMethod())) {
      return Optional.of("token_endpoint_auth_method must be none, client_secret_basic or client_secret_post");
    }
    if (metadata.getName() != null && metadata.getName().length() > 200) {
      return Optional.of("client_name is longer than 200 characters");
    }
    return Optional.empty();
  }

  private Mono<ClientInformation> save(ClientMetadata metadata) {
    if (metadata.getTokenEndpointAuthMethod() == null) {
      metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
    }
    if (metadata.getGrantTypes() == null) {
      metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    }
    if (metadata.getResponseTypes() == null) {
      metadata.setResponseTypes(Set.of(new ResponseType(ResponseType.Value.CODE)));
    }
    boolean confidential = !ClientAuthenticationMethod.NONE.equals(metadata.getTokenEndpointAuthMethod());
    Secret secret = confidential ? new Secret(Secrets.random(32)) : null;
    ClientID id = new ClientID("mcp_" + Secrets.random(18));
    Instant now = clock.instant();
    List<URI> redirects = List.copyOf(metadata.getRedirectionURIs());
    String name = metadata.getName() != null && !metadata.getName().isBlank() ? metadata.getName() : "an unnamed MCP client";
    OAuthClient client = new OAuthClient(id.getValue(), name, redirects,
        Optional.ofNullable(secret).map(s -> Hashes.sha256(s.getValue())),
        metadata.toJSONObject().toJSONString(), OAuthClient.Source.REGISTERED, now, Optional.empty());
    return store.saveClient(client).thenReturn(new ClientInformation(id, Date.from(now), metadata, secret));
  }

  private static Mono<Void> error(HttpServerResponse response, String code, String description) {
    return Web.json(response, 400, Json.object("error", code, "error_description", description));
  }
}
