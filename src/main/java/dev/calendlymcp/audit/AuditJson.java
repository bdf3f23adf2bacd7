package dev.calendlymcp.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One record as one JSON object on one line, the form the audit file and {@code audit --json} use. */
public final class AuditJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AuditJson() {}

  /** The record as a JSON object; with {@code text}, its plain-English line too. */
  public static ObjectNode toJson(AuditRecord record, Optional<String> text) {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", record.time().toString());
    node.put("agent", record.agent());
    node.put("agent_id", record.agentId());
    node.put("user", record.user());
    node.put("tool", record.tool());
    ObjectNode target = node.putObject("target");
    record.target().forEach(target::put);
    node.put("decision", record.decision().wireName());
    node.put("rule", record.rule());
    node.put("outcome", record.outcome());
    if (!record.errorCode().isEmpty()) {
      node.put("error_code", record.errorCode());
      node.put("error", record.error());
    }
    node.put("upstream_calls", record.upstreamCalls());
    node.put("duration_ms", record.duration().toMillis());
    text.ifPresent(line -> node.put("text", line));
    return node;
  }

  /** One line, without its newline; JSON escapes every control character, so it cannot span two. */
  public static String line(AuditRecord record) {
    return JSON.writeValueAsString(toJson(record, Optional.empty()));
  }

  public static String line(AuditRecord record, String text) {
    return JSON.writeValueAsString(toJson(record, Optional.of(text)));
  }

  /**
   * The record on {@code line}, or empty for a line that is not one: the torn last line of a process
   * killed mid-write, or anything else that is not a complete record.
   */
  public static Optional<AuditRecord> parse(String line) {
    if (line.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(line);
      if (!node.isObject() || !node.hasNonNull("time") || !node.hasNonNull("tool")) {
        return Optional.empty();
      }
      Map<String, String> target = new LinkedHashMap<>();
      JsonNode targets = node.path("target");
      if (targets.isObject()) {
        targets.properties().forEach(entry -> target.put(entry.getKey(), entry.getValue().asString()));
      }
      return Optional.of(new AuditRecord(
          Instant.parse(node.get("time").asString()),
          node.path("agent").asString(""),
          node.path("agent_id").asString(""),
          node.path("user").asString(""),
          node.get("tool").asString(),
          target,
          AuditDecision.fromWire(node.path("decision").asString("undecided")),
          node.path("rule").asString(""),
          node.path("outcome").asString(AuditRecord.OK),
          node.path("error_code").asString(""),
          node.path("error").asString(""),
          node.path("upstream_calls").asInt(0),
          Duration.ofMillis(node.path("duration_ms").asLong(0))));
    } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
