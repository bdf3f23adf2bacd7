import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline for bench/startup.sh: the smallest MCP server the Java SDK makes (stdio transport,
 * no tools, the SDK's defaults otherwise), run from the same jar. What calendly-mcp adds to the
 * time to answer initialize is measured against this.
 */
public final class BareSdkServer {

  public static void main(String[] args) {
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    McpServer.async(new StdioServerTransportProvider(json))
        .serverInfo("bare-sdk-server", "1")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .jsonMapper(json)
        .build();
    // The SDK's stdio threads keep the JVM alive until stdin ends.
  }
}
