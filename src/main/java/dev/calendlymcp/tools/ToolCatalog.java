package dev.calendlymcp.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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
  // Every tool by name, for explainMissing: built at its first call, when the catalog was built from
  // the enabled toolsets' definitions only.
  private final Supplier<Map<String, ToolDefinition>> known;

  private ToolCatalog(List<ToolDefinition> all, ToolOptions options, Supplier<List<ToolDefinition>> everyTool) {
    this.options = options;
    this.known = new OnFirstUse<>(() -> byName(everyTool.get()));
    // Two tools of one name among those defined fail here; among the others, at explainMissing.
    byName(all);
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

  /**
   * The catalog of this product's tools under {@code options}. Only the enabled toolsets' tools are
   * defined here: defining all of them (their schemas and descriptions) took about 20 ms of every
   * stdio start, most of it for toolsets a default server does not offer (docs/startup.md).
   */
  public static ToolCatalog build(ToolOptions options) {
    return new ToolCatalog(standardTools(options.toolsets()), options, () -> standardTools(EnumSet.allOf(Toolset.class)));
  }

  /** A catalog over any set of tools; tests use it to serve tools of their own. */
  public static ToolCatalog of(List<ToolDefinition> all, ToolOptions options) {
    List<ToolDefinition> every = List.copyOf(all);
    return new ToolCatalog(every, options, () -> every);
  }

  /** A family of tools and the toolset all of them belong to ({@code ToolCatalogTest} checks it). */
  record Family(Toolset toolset, Supplier<List<ToolDefinition>> definitions) {}

  static final List<Family> FAMILIES = List.of(
      new Family(Toolset.SCHEDULING, SchedulingTools::definitions),
      new Family(Toolset.AVAILABILITY, AvailabilityTools::definitions),
      new Family(Toolset.INVITEES, InviteeTools::definitions),
      new Family(Toolset.USERS, UserTools::definitions),
      new Family(Toolset.ORGANIZATION, OrganizationTools::definitions),
      new Family(Toolset.WEBHOOKS, WebhookTools::definitions),
      new Family(Toolset.ONE_OFF, OneOffTools::definitions),
      new Family(Toolset.COMPLIANCE, ComplianceTools::definitions),
      new Family(Toolset.EVENT_TYPES, EventTypeSetupTools::definitions),
      new Family(Toolset.INVITEES, NoShowTools::definitions),
      new Family(Toolset.ONE_OFF, CustomLinkTools::definitions),
      new Family(Toolset.AVAILABILITY, WorkingHoursTools::definitions),
      new Family(Toolset.CHANGES, () -> List.of(ChangeTools.recentChanges())),
      new Family(Toolset.ROUTING, RoutingTools::definitions),
      new Family(Toolset.GROUPS, GroupTools::definitions),
      new Family(Toolset.CONTACTS, ContactTools::definitions),
      new Family(Toolset.CONTACTS, ContactListTools::definitions),
      new Family(Toolset.RECAPS, RecapTools::definitions));

  private static List<ToolDefinition> standardTools(Set<Toolset> toolsets) {
    List<ToolDefinition> all = new ArrayList<>();
    for (Family family : FAMILIES) {
      if (toolsets.contains(family.toolset())) {
        all.addAll(family.definitions().get());
      }
    }
    return all;
  }

  private static Map<String, ToolDefinition> byName(List<ToolDefinition> all) {
    Map<String, ToolDefinition> named = new LinkedHashMap<>();
    for (ToolDefinition tool : all) {
      if (named.putIfAbsent(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
    return named;
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
    ToolDefinition tool = known.get().get(name);
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
