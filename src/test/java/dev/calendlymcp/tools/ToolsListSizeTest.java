package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.server.CalendlyMcpServer;
import dev.calendlymcp.server.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The size of the {@code tools/list} result as a client receives it (compact JSON, the server's own
 * mapper). Every byte is read by the model before its first call, so the default toolset has a
 * budget of 12 KB; the {@code all} figure and each toolset's are printed for the record.
 */
class ToolsListSizeTest {

  static final int DEFAULT_BUDGET = 12 * 1024;

  private final McpJson json = new McpJson();

  @Test
  void theDefaultToolsetsListFitsInTwelveKilobytes() {
    int defaults = size(ToolOptions.defaults());
    int all = size(ToolOptions.everything());
    System.err.println("tools/list bytes: default=" + defaults + " all=" + all);
    for (Toolset toolset : Toolset.values()) {
      System.err.println("tools/list bytes: " + toolset.name().toLowerCase(Locale.ROOT) + "="
          + size(new ToolOptions(Set.of(toolset), false)));
    }

    assertThat(defaults).isLessThanOrEqualTo(DEFAULT_BUDGET);
    assertThat(all).isGreaterThan(defaults);
  }

  /** The SDK serialises the result with the same mapper (McpJson wraps it for the SDK). */
  private int size(ToolOptions options) {
    McpSchema.ListToolsResult result = McpSchema.ListToolsResult.builder(
        ToolCatalog.build(options).tools().stream().map(CalendlyMcpServer::describe).toList()).build();
    return json.mapper().writeValueAsString(result).getBytes(StandardCharsets.UTF_8).length;
  }
}
