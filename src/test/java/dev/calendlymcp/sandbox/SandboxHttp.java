package dev.calendlymcp.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the sandbox: raw requests, so tests see exactly what a client would. */
final class SandboxHttp {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  SandboxHttp(String base) {
    this.base = base;
  }

  Reply get(String pathAndQuery, String token) {
    return send(request(pathAndQuery, token).GET().build());
  }

  Reply post(String path, String token, String json) {
    return send(request(path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Reply patch(String path, String token, String json) {
    return send(request(path, token)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Reply delete(String path, String token) {
    return send(request(path, token).DELETE().build());
  }

  CompletableFuture<Reply> postAsync(String path, String token, String json) {
    HttpRequest request = request(path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r));
  }

  CompletableFuture<Reply> getAsync(String pathAndQuery, String token) {
    return client.sendAsync(request(pathAndQuery, token).GET().build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Reply(r.statusCode(), r));
  }

  /** Sends and returns the answer, or throws the IOException's cause as unchecked. */
  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery, String token) {
    String target = pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery;
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** URL-encodes a query parameter value. */
  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
