package dev.calendlymcp.transport;

import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body up to a limit, counting the bytes as they arrive, so a chunked body (which
 * declares no length) is capped as surely as one with a {@code Content-Length}.
 */
public final class RequestBody {

  private RequestBody() {}

  /** The body, or an error {@link TooLargeException} as soon as it passes {@code limit} bytes. */
  public static Mono<byte[]> read(HttpServerRequest request, int limit) {
    return request.receive()
        .reduceWith(ByteArrayOutputStream::new, (body, chunk) -> {
          int length = chunk.readableBytes();
          if ((long) body.size() + length > limit) {
            throw new TooLargeException();
          }
          byte[] bytes = new byte[length];
          chunk.readBytes(bytes);
          body.write(bytes, 0, length);
          return body;
        })
        .map(ByteArrayOutputStream::toByteArray);
  }

  /** The body passed the limit. A signal, not a fault: no stack trace. */
  public static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("request body too large", null, false, false);
    }
  }
}
