package dev.calendlymcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the MCP side, shared by the SDK and by {@link RequestScreen}. Sharing it
 * matters: the screen promises the SDK that every line it forwards parses, and that holds only if
 * both parse with the same settings. Built directly rather than through the SDK's service lookup,
 * which keeps start-up from scanning the class path.
 */
public final class McpJson {

  private final JsonMapper mapper;
  private final McpJsonMapper sdkMapper;

  public McpJson() {
    this.mapper =
        JsonMapper.builder()
            // One message per line: "{...} garbage" is not a message, for the screen or the SDK.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Duplicate keys would let the screen and a handler read different values.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.sdkMapper = new JacksonMcpJsonMapper(mapper);
  }

  public JsonMapper mapper() {
    return mapper;
  }

  public McpJsonMapper sdk() {
    return sdkMapper;
  }
}
