package dev.calendlymcp.tools;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tools a server offers: the enabled toolsets, and whether only read tools are registered.
 *
 * @param toolsets the enabled toolsets; at least one
 * @param readOnly register only tools that change nothing at Calendly
 */
public record ToolOptions(Set<Toolset> toolsets, boolean readOnly) {

  public ToolOptions {
    if (toolsets == null || toolsets.isEmpty()) {
      throw new IllegalArgumentException("at least one toolset must be enabled");
    }
    toolsets = Collections.unmodifiableSet(EnumSet.copyOf(toolsets));
  }

  /** The default toolsets, read and write tools. */
  public static ToolOptions defaults() {
    return new ToolOptions(Toolset.defaults(), false);
  }

  /** Every toolset, read and write tools: what {@code tools-schema/} documents. */
  public static ToolOptions everything() {
    return new ToolOptions(EnumSet.allOf(Toolset.class), false);
  }
}
