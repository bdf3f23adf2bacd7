package dev.calendlymcp.server;

import io.micrometer.core.instrument.MeterRegistry;
import dev.calendlymcp.tools.SchemaValidator;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolHints;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wires the SDK's server around the tool catalog: identity, instructions, capabilities, one
 * {@link ToolInvoker} per tool, and the resources and prompts of {@link LiveResources}. Transport-neutral, so stdio and Streamable HTTP build the same
 * server.
 */
public final class CalendlyMcpServer {

  /** The server's name in {@code serverInfo}. */
  public static final String NAME = "calendly-mcp";

  /** The human-readable title in {@code serverInfo}. */
  public static final String TITLE = "Calendly";

  private CalendlyMcpServer() {}

  /**
   * The server on a single-session transport (stdio), with {@code registry} asked for at the first
   * meter: nothing scrapes a stdio server, so its start-up loads no Micrometer.
   */
  static McpAsyncServer create(
      McpServerTransportProvider transport,
      McpJson json,
      ServerSettings settings,
      AccessResolver access,
      InFlightCalls inFlight,
      Supplier<MeterRegistry> registry,
      LiveResources live) {
    return builder(McpServer.async(transport), json, settings, access, inFlight,
        new ToolMeters(registry), new CallAuditor(settings.audit(), settings.clock(), registry), live).build();
  }

  /** The same server on a Streamable HTTP transport, where sessions come and go. */
  static McpAsyncServer create(
      McpStreamableServerTransportProvider transport,
      McpJson json,
      ServerSettings settings,
      AccessResolver access,
      InFlightCalls inFlight,
      MeterRegistry registry,
      LiveResources live) {
    ToolMeters meters = new ToolMeters(registry);
    // Every tool's timers up front, so that a scrape shows every tool from the start.
    settings.catalog().tools().forEach(meters::register);
    return builder(McpServer.async(transport), json, settings, access, inFlight,
        meters, new CallAuditor(settings.audit(), settings.clock(), registry), live).build();
  }

  private static McpServer.AsyncSpecification<?> builder(
      McpServer.AsyncSpecification<?> server,
      McpJson json,
      ServerSettings settings,
      AccessResolver access,
      InFlightCalls inFlight,
      ToolMeters meters,
      CallAuditor auditor,
      LiveResources live) {
    SchemaValidator validator = new SchemaValidator();
    AccessResolver accesses = live.withChanges(access);
    List<McpServerFeatures.AsyncToolSpecification> tools =
        settings.catalog().tools().stream()
            .map(tool -> new ToolInvoker(tool, settings, accesses, inFlight, validator, meters, auditor).specification())
            .toList();
    return server
        .serverInfo(McpSchema.Implementation.builder(NAME, settings.version()).title(TITLE).build())
        .instructions(ServerInstructions.forCatalog(settings.catalog()))
        .capabilities(McpSchema.ServerCapabilities.builder()
            // listChanged: a policy change on the consents page changes what an agent may call.
            .tools(true)
            // subscribe: yes; listChanged: no, the resource list and templates are fixed.
            .resources(true, false)
            .prompts(false)
            .build())
        .jsonMapper(json.sdk())
        .jsonSchemaValidator(new SdkSchemaValidator(validator, json))
        // Arguments are checked by ToolInvoker, whose messages name the field and the fix.
        .validateToolInputs(false)
        .tools(tools)
        .resources(PolicyResources.resources(
            live.resources().resources(LiveResources.forReads(accesses), settings.clock(), json.mapper()), settings.policies()))
        .resources(List.of(AuditResource.specification(settings.audit(), settings.policies(), json.mapper())))
        .resourceTemplates(PolicyResources.templates(
            live.resources().templates(LiveResources.forReads(accesses), settings.clock(), json.mapper()), settings.policies()))
        .prompts(live.prompts().specifications());
  }

  /**
   * The tool as {@code tools/list} shows it. Annotations state only what differs from the MCP
   * spec's defaults (not read-only, destructive, not idempotent, open world), and nothing of
   * destructive or idempotent for a read-only tool, where the spec gives them no meaning: a model
   * reads every byte of the list, and a client that follows the spec knows the rest.
   */
  public static McpSchema.Tool describe(ToolDefinition tool) {
    ToolHints hints = tool.hints();
    return McpSchema.Tool.builder(tool.name(), tool.inputSchema())
        .title(tool.title())
        .description(tool.description())
        .annotations(
            McpSchema.ToolAnnotations.builder()
                .readOnlyHint(hints.readOnly() ? true : null)
                .destructiveHint(hints.readOnly() || hints.destructive() ? null : false)
                .idempotentHint(!hints.readOnly() && hints.idempotent() ? true : null)
                .openWorldHint(hints.openWorld() ? null : false)
                .build())
        .outputSchema(tool.outputSchema())
        .build();
  }
}
