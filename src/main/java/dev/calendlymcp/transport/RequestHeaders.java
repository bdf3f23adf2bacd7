package dev.calendlymcp.transport;

import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** A request's headers as the SDK's header validators read them; Netty's lookups ignore case. */
record RequestHeaders(HttpHeaders headers) implements HeaderAccessor {

  @Override
  public List<String> getHeader(String name) {
    return headers.getAll(name);
  }

  @Override
  public List<String> getHeaderNames() {
    return List.copyOf(headers.names());
  }
}
