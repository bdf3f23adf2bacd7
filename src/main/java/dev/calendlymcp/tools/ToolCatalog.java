package dev.calendlymcp.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tools one server offers, chosen once from its {@link ToolOptions} and listed in a fixed
 * order (toolset order, then the order each toolset declares). The server registers exactly these,
 * and {@code tools-schema/} is generated from the same catalog, so the docs cannot drift from what
 * clients see.
 */
public final class ToolCatalog {

  private final ToolOptions options;
  private final List<ToolDefinition> tools;
  private final Map<String, ToolDefinition> enabled;
  private final Map<String, ToolDefinition> known;

  private ToolCatalog(List<ToolDefinition> all, ToolOptions options) {
    this.options = options;
    this.known = new LinkedHashMap<>();
    for (ToolDefinition tool : all) {
      if (known.putIfAbsent(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
    List<ToolDefinition> chosen = new ArrayList<>();
    for (ToolDefinition tool : all) {
      if (options.toolsets().contains(tool.toolset()) && (!options.readOnly() || tool.hints().readOnly())) {
        chosen.add(tool);
      }
    }
    // Stable sort: within a toolset, the declared order (which puts the first call first) stays.
    chosen.sort(Comparator.comparing(ToolDefinition::toolset));
    this.tools = List.copyOf(chosen);
    this.enabled = new LinkedHashMap<>();
    tools.forEach(tool -> enabled.put(tool.name(), tool));
  }

  /** The catalog of this product's tools under {@code options}. */
  public static ToolCatalog build(ToolOptions options) {
    return of(standardTools(), options);
  }

  /** A catalog over any set of tools; tests use it to serve tools of their own. */
  public static ToolCatalog of(List<ToolDefinition> all, ToolOptions options) {
    return new ToolCatalog(all, options);
  }

  private static List<ToolDefinition> standardTools() {
    List<ToolDefinition> all = new ArrayList<>();
    all.addAll(SchedulingTools.definitions());
    all.addAll(AvailabilityTools.definitions());
    all.addAll(InviteeTools.definitions());
    all.addAll(UserTools.definitions());
    all.addAll(OrganizationTools.definitions());
    all.addAll(WebhookTools.definitions());
    all.addAll(OneOffTools.definitions());
    all.addAll(ComplianceTools.definitions());
    all.addAll(EventTypeSetupTools.definitions());
    all.addAll(NoShowTools.definitions());
    all.addAll(CustomLinkTools.definitions());
    all.addAll(WorkingHoursTools.definitions());
    all.add(ChangeTools.recentChanges());
    all.addAll(RoutingTools.definitions());
    all.addAll(GroupTools.definitions());
    all.addAll(ContactTools.definitions());
    all.addAll(ContactListTools.definitions());
    all.addAll(RecapTools.definitions());
    return all;
  }

  /** The enabled tools, in listing order. */
  public List<ToolDefinition> tools() {
    return tools;
  }

  public Optional<ToolDefinition> find(String name) {
    return Optional.ofNullable(enabled.get(name));
  }

  /**
   * Why {@code name} cannot be called here, in words that let a model recover: the tool's toolset
   * is off, the server is read-only, or no such tool exists (with the names that do).
   */
  public String explainMissing(String name) {
    String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
    ToolDefinition tool = known.get(name);
    if (tool != null && !options.toolsets().contains(tool.toolset())) {
      return "Tool '" + shown + "' belongs to the '" + tool.toolset().wireName()
          + "' toolset, which this server was not started with. Use the tools in tools/list, or ask"
          + " the user to add it to the server's --toolsets option and restart the server.";
    }
    if (tool != null) {
      return "Tool '" + shown + "' changes data and this server runs with --read-only. Use the"
          + " tools in tools/list, or ask the user to restart the server without --read-only.";
    }
    return "Unknown tool '" + shown + "'. This server offers: "
        + tools.stream().map(ToolDefinition::name).collect(Collectors.joining(", "))
        + ". Call tools/list for their descriptions.";
  }
}
