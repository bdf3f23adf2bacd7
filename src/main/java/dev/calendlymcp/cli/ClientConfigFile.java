package dev.calendlymcp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * One MCP client's configuration file, and our server's entry in it. Installing merges the entry
 * in under its name and leaves everything else as the file had it: other servers, other settings.
 * A file that does not parse is never changed (a client that cannot read it either, or hand edits
 * we would lose); a file that is changed is first copied to a timestamped backup beside it, and
 * the new version replaces it by a rename.
 *
 * <p>JSON files are rewritten whole (pretty-printed, same key order). TOML files (Codex) keep
 * their text: the entry's table is appended, or its old table replaced, and the result is parsed
 * again and compared with what was meant before it is written, so nothing else can have moved.
 */
final class ClientConfigFile {

  /** What an install did. */
  enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** The file cannot be changed safely; the message says why and what to do. */
  static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Our server as a client starts it.
   *
   * @param command the launcher, by absolute path
   * @param args the server's arguments
   * @param env environment variables the server needs (never a token when a login is stored)
   */
  record ServerEntry(String command, List<String> args, Map<String, String> env) {
    ServerEntry {
      args = List.copyOf(args);
      env = Map.copyOf(env);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final TomlMapper TOML = TomlMapper.builder().build();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final McpClient client;
  private final Path file;
  private final Clock clock;

  ClientConfigFile(McpClient client, Path file, Clock clock) {
    this.client = client;
    this.file = file.toAbsolutePath();
    this.clock = clock;
  }

  Path file() {
    return file;
  }

  /** The entry as the client's file would hold it, alone: what {@code config} prints. */
  String snippet(String name, ServerEntry entry) {
    if (client.format == McpClient.Format.TOML) {
      return tomlTable(name, entry);
    }
    ObjectNode root = JSON.createObjectNode();
    root.putObject(client.serversKey).set(name, json(entry));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /**
   * The server entries the file holds, by name; empty when the file does not exist.
   *
   * @throws RefusedException when it exists but does not parse
   */
  Map<String, JsonNode> servers() {
    Optional<String> text = read();
    if (text.isEmpty()) {
      return Map.of();
    }
    JsonNode servers = parse(text.get()).path(client.serversKey);
    Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
    if (servers.isObject()) {
      servers.properties().forEach(property -> found.put(property.getKey(), property.getValue()));
    }
    return found;
  }

  /**
   * Puts {@code entry} under {@code name}, leaving everything else as it was.
   *
   * @throws RefusedException when the file does not parse, or its server list is not a list
   */
  Outcome install(String name, ServerEntry entry) {
    Optional<String> before = read();
    String after = client.format == McpClient.Format.TOML
        ? mergeToml(before.orElse(""), name, entry)
        : mergeJson(before.orElse(""), name, entry);
    if (before.isPresent() && before.get().equals(after)) {
      return Outcome.UNCHANGED;
    }
    try {
      if (before.isPresent()) {
        Files.copy(file, backupFile(), StandardCopyOption.COPY_ATTRIBUTES);
      } else if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      write(after);
    } catch (IOException e) {
      throw new RefusedException("cannot write " + file + ": " + e.getMessage());
    }
    return before.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
  }

  Path backupFile() {
    return file.resolveSibling(file.getFileName() + "." + STAMP.format(clock.instant()) + ".bak");
  }

  private String mergeJson(String text, String name, ServerEntry entry) {
    JsonNode parsed = text.isBlank() ? JSON.createObjectNode() : parse(text);
    if (!(parsed instanceof ObjectNode root)) {
      throw new RefusedException(file + " is not a JSON object; add the entry by hand (calendly-mcp config "
          + client.id + " prints it).");
    }
    JsonNode servers = root.get(client.serversKey);
    if (servers != null && !servers.isObject()) {
      throw new RefusedException(file + ": \"" + client.serversKey + "\" is not an object; fix it first.");
    }
    ObjectNode list = servers == null ? root.putObject(client.serversKey) : (ObjectNode) servers;
    JsonNode wanted = json(entry);
    if (wanted.equals(list.get(name))) {
      return text;
    }
    list.set(name, wanted);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  private String mergeToml(String text, String name, ServerEntry entry) {
    JsonNode parsed = parse(text);
    if (!(parsed instanceof ObjectNode root)) {
      throw new RefusedException(file + " does not parse as TOML; it was left as it is.");
    }
    ObjectNode wanted = root.deepCopy();
    JsonNode servers = wanted.get(client.serversKey);
    if (servers != null && !servers.isObject()) {
      throw new RefusedException(file + ": " + client.serversKey + " is not a table; fix it first.");
    }
    ObjectNode list = servers == null ? wanted.putObject(client.serversKey) : (ObjectNode) servers;
    JsonNode entryNode = toml(entry);
    if (entryNode.equals(list.get(name))) {
      return text;
    }
    list.set(name, entryNode);
    String table = tomlTable(name, entry);
    String header = "[" + client.serversKey + "." + name + "]";
    String merged;
    int start = lineStart(text, header);
    if (start >= 0) {
      // Our own table from an earlier install: replace it up to the next table.
      int end = nextTable(text, start + header.length());
      merged = text.substring(0, start) + table + (end < text.length() ? "\n" : "") + text.substring(end);
    } else {
      merged = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + (text.isBlank() ? "" : "\n") + table;
    }
    JsonNode check;
    try {
      check = TOML.readTree(merged);
    } catch (JacksonException e) {
      check = null;
    }
    if (!wanted.equals(check)) {
      throw new RefusedException(file + " defines " + client.serversKey + "." + name + " in a way this command"
          + " cannot replace without touching the rest; replace it by hand with what calendly-mcp config "
          + client.id + " prints.");
    }
    return merged;
  }

  private static int lineStart(String text, String line) {
    int at = 0;
    for (String each : text.split("\n", -1)) {
      if (each.strip().equals(line)) {
        return at;
      }
      at += each.length() + 1;
    }
    return -1;
  }

  private static int nextTable(String text, int from) {
    int at = text.indexOf('\n', from);
    while (at >= 0 && at + 1 < text.length()) {
      if (text.substring(at + 1).stripLeading().startsWith("[")) {
        return at + 1;
      }
      at = text.indexOf('\n', at + 1);
    }
    return text.length();
  }

  private JsonNode parse(String text) {
    try {
      JsonNode root = client.format == McpClient.Format.TOML ? TOML.readTree(text) : JSON.readTree(text);
      return root == null ? JSON.createObjectNode() : root;
    } catch (JacksonException e) {
      throw new RefusedException(file + " does not parse as " + client.format + " (" + location(e)
          + "), so it was left as it is. Fix it, or add the entry by hand (calendly-mcp config " + client.id
          + " prints it).");
    }
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null
        ? "unreadable"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private Optional<String> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RefusedException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Writes beside the file and renames it into place, keeping the old file's permissions. */
  private void write(String content) throws IOException {
    Set<PosixFilePermission> permissions = POSIX && Files.exists(file)
        ? Files.getPosixFilePermissions(file)
        : PosixFilePermissions.fromString("rw-------");
    FileAttribute<?>[] attributes = POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp", attributes);
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private ObjectNode json(ServerEntry entry) {
    ObjectNode node = JSON.createObjectNode();
    if (client.typed) {
      node.put("type", "stdio");
    }
    node.put("command", entry.command());
    entry.args().forEach(node.putArray("args")::add);
    if (!entry.env().isEmpty()) {
      ObjectNode env = node.putObject("env");
      new java.util.TreeMap<>(entry.env()).forEach(env::put);
    }
    return node;
  }

  private ObjectNode toml(ServerEntry entry) {
    ObjectNode node = TOML.createObjectNode();
    node.put("command", entry.command());
    entry.args().forEach(node.putArray("args")::add);
    if (!entry.env().isEmpty()) {
      ObjectNode env = node.putObject("env");
      new java.util.TreeMap<>(entry.env()).forEach(env::put);
    }
    return node;
  }

  private String tomlTable(String name, ServerEntry entry) {
    return "[" + client.serversKey + "." + name + "]\n" + TOML.writeValueAsString(toml(entry));
  }
}
