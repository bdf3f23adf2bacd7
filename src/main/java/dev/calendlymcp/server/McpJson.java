package dev.calendlymcp.server;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
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
            .addMixIn(McpSchema.ElicitRequest.class, ElicitRequestMode.class)
            .build();
    this.sdkMapper = new JacksonMcpJsonMapper(mapper);
  }

  /**
   * The SDK (2.2.0) declares {@code mode} both as the elicitation request's type id and as a
   * property of the form request, which Jackson 3.3 refuses to write, so no elicitation could be
   * sent. The id is the existing property instead: same JSON, written once.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "mode",
      visible = true, defaultImpl = McpSchema.ElicitFormRequest.class)
  private interface ElicitRequestMode {}

  public JsonMapper mapper() {
    return mapper;
  }

  public McpJsonMapper sdk() {
    return sdkMapper;
  }
}
