package dev.calendlymcp.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents clients discover us by: RFC 9728 protected resource metadata (where the MCP
 * endpoint sends them) and RFC 8414 authorization server metadata.
 */
final class ServerMetadata {

  static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
  static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
  static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

  private ServerMetadata() {}

  static URI protectedResourceUrl(AuthSettings settings) {
    return URI.create(settings.publicUrl() + PROTECTED_RESOURCE);
  }

  static String protectedResource(AuthSettings settings) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("resource", settings.resource().toString());
    document.put("authorization_servers", List.of(settings.issuer()));
    document.put("scopes_supported", Scopes.SUPPORTED);
    document.put("bearer_methods_supported", List.of("header"));
    document.put("resource_name", "calendly-mcp");
    return Json.write(document);
  }

  static String authorizationServer(AuthSettings settings) {
    String base = settings.issuer();
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", base);
    document.put("authorization_endpoint", base + Endpoints.AUTHORIZE);
    document.put("token_endpoint", base + Endpoints.TOKEN);
    document.put("registration_endpoint", base + Endpoints.REGISTER);
    document.put("revocation_endpoint", base + Endpoints.REVOKE);
    document.put("jwks_uri", base + Endpoints.JWKS);
    document.put("scopes_supported", Scopes.SUPPORTED);
    document.put("response_types_supported", List.of("code"));
    document.put("response_modes_supported", List.of("query"));
    document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
    document.put("code_challenge_methods_supported", List.of("S256"));
    document.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post"));
    document.put("revocation_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post"));
    document.put("authorization_response_iss_parameter_supported", true);
    document.put("client_id_metadata_document_supported", true);
    return Json.write(document);
  }

  /** Our paths. */
  static final class Endpoints {
    static final String REGISTER = "/register";
    static final String AUTHORIZE = "/authorize";
    static final String CONSENT = "/consent";
    static final String CALLBACK = "/oauth/callback";
    static final String TOKEN = "/token";
    static final String REVOKE = "/revoke";
    static final String JWKS = "/jwks.json";
    static final String CONSENTS = "/consents";

    private Endpoints() {}
  }
}
