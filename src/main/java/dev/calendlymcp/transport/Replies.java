package dev.calendlymcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The non-streaming answers of the endpoint. Every error carries a JSON-RPC error body (without an
 * id unless it answers a known request), so a client always gets something it can parse, and
 * never a stack trace.
 */
final class Replies {

  private final McpJsonMapper mapper;

  Replies(McpJsonMapper mapper) {
    this.mapper = mapper;
  }

  Mono<Void> json(HttpServerResponse response, HttpResponseStatus status, Object body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Mono.from(response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, MediaTypes.JSON)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
        .sendByteArray(Mono.just(bytes)));
  }

  Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, int code, String message) {
    return error(response, status, null, code, message, null);
  }

  /** A JSON-RPC error response; {@code id} and {@code data} may be null. */
  Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, Object id, int code, String message,
      Object data) {
    return json(response, status, JsonRpcErrors.response(id, code, message, data));
  }

  /** 202 with no body: the answer to a notification or a response from the client. */
  Mono<Void> accepted(HttpServerResponse response) {
    return empty(response, HttpResponseStatus.ACCEPTED);
  }

  Mono<Void> empty(HttpServerResponse response, HttpResponseStatus status) {
    return Mono.from(response.status(status).header(HttpHeaderNames.CONTENT_LENGTH, "0").send());
  }
}
