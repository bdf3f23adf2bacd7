package dev.calendlymcp.sandbox.oauth;

import dev.calendlymcp.sandbox.http.ApiResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The non-JSON answers of the OAuth endpoints, and the caching headers all of them carry. */
final class OAuthResponses {

  private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

  private OAuthResponses() {}

  /** {@code response} marked uncacheable: it carries (or may carry) tokens (RFC 6749 §5.1). */
  static ApiResponse noStore(ApiResponse response) {
    return response.withHeaders(NO_STORE);
  }

  /** 302 to {@code location}. */
  static ApiResponse redirect(URI location) {
    Map<String, String> headers = new LinkedHashMap<>(NO_STORE);
    headers.put("Location", location.toString());
    return new ApiResponse(302, headers, new byte[0]);
  }

  /** An HTML page with {@code status}, plus extra headers (e.g. a cookie). */
  static ApiResponse html(int status, String page, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(NO_STORE);
    headers.put("Content-Type", "text/html; charset=utf-8");
    // The consent page must not be framed by another site (clickjacking).
    headers.put("X-Frame-Options", "DENY");
    headers.put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    headers.putAll(extra);
    return new ApiResponse(status, headers, page.getBytes(StandardCharsets.UTF_8));
  }
}
