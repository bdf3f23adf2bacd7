package dev.calendlymcp.resources;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resource of the inventory: a fixed URI or a URI template, and how reading it becomes a call
 * of a scheduling tool (so a resource shows exactly what the tool would, sanitised the same way).
 * An entry builds its own {@link McpSchema.Resource}, whose {@code _meta} is where a {@code ui://}
 * view would be named.
 *
 * @param uri the URI, or the URI template with one {@code {uuid}} variable
 * @param name the resource's programmatic name
 * @param title a short human label
 * @param description what it holds, for a person browsing resources
 * @param tool the scheduling tool whose result is the resource's content
 * @param arguments the tool's arguments, from the URI's {@code uuid} (empty for a fixed URI) and
 *     the time of reading
 */
public record ResourceEntry(
    String uri,
    String name,
    String title,
    String description,
    String tool,
    BiFunction<String, Instant, Map<String, Object>> arguments) {

  public static final String MIME_TYPE = "application/json";

  private static final String VARIABLE = "{uuid}";

  /** Calendly UUIDs are letters, digits and dashes; anything else cannot name a Calendly record. */
  private static final String UUID = "([A-Za-z0-9-]{1,64})";

  public ResourceEntry {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
  }

  public boolean isTemplate() {
    return uri.contains(VARIABLE);
  }

  /** The {@code uuid} a concrete URI gives this entry ("" for a fixed one), or empty if it is not this entry's. */
  public Optional<String> match(String concrete) {
    if (!isTemplate()) {
      return uri.equals(concrete) ? Optional.of("") : Optional.empty();
    }
    int at = uri.indexOf(VARIABLE);
    Pattern pattern = Pattern.compile(Pattern.quote(uri.substring(0, at)) + UUID
        + Pattern.quote(uri.substring(at + VARIABLE.length())));
    Matcher matcher = pattern.matcher(concrete);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The concrete URI for one record. */
  public String expand(String uuid) {
    return uri.replace(VARIABLE, uuid);
  }

  public McpSchema.Resource resource() {
    return McpSchema.Resource.builder(uri, name).title(title).description(description).mimeType(MIME_TYPE).build();
  }

  public McpSchema.ResourceTemplate template() {
    return McpSchema.ResourceTemplate.builder(uri, name)
        .title(title)
        .description(description)
        .mimeType(MIME_TYPE)
        .build();
  }
}
