package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;

/** A tool call as the MCP-level tests make it, through the SDK's client, and its result read back. */
final class ToolResults {

  private ToolResults() {}

  /** Waits {@link InProcessServer#REQUEST_TIMEOUT}: a cold JVM's first call on a busy machine takes seconds. */
  static CallToolResult call(McpAsyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build()).block(InProcessServer.REQUEST_TIMEOUT);
  }

  /** The result's first text block. */
  static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  /** The structured content of a result that is not an error (else the test fails with its text). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).as(() -> text(result)).isFalse();
    return (Map<String, Object>) result.structuredContent();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> map, String key) {
    return (List<Map<String, Object>>) map.get(key);
  }
}
