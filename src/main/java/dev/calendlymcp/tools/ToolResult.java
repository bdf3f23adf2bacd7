package dev.calendlymcp.tools;

import java.util.Map;
import java.util.Objects;

/**
 * What a tool hands back on success: structured content that conforms to the tool's output schema
 * (for programs and models that read fields), and a short text rendering of the same facts (for
 * clients and models that read prose).
 */
public record ToolResult(Map<String, Object> structured, String text) {

  public ToolResult {
    Objects.requireNonNull(structured, "structured");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a tool result needs a text rendering");
    }
  }
}
