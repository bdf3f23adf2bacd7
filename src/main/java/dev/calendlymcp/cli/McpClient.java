package dev.calendlymcp.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The MCP clients {@code config} writes for, with where each keeps its user-wide server list and
 * in what shape. One place for both {@code config} and {@code doctor}, which looks for them.
 */
enum McpClient {
  CLAUDE_DESKTOP("claude-desktop", "Claude Desktop", Format.JSON, "mcpServers", false),
  CLAUDE_CODE("claude-code", "Claude Code", Format.JSON, "mcpServers", true),
  CURSOR("cursor", "Cursor", Format.JSON, "mcpServers", false),
  VSCODE("vscode", "VS Code", Format.JSON, "servers", true),
  WINDSURF("windsurf", "Windsurf", Format.JSON, "mcpServers", false),
  CODEX("codex", "Codex", Format.TOML, "mcp_servers", false);

  enum Format {
    JSON,
    TOML
  }

  final String id;
  final String title;
  final Format format;
  /** The object (JSON) or table (TOML) that holds the servers by name. */
  final String serversKey;
  /** Whether an entry names its transport ({@code "type": "stdio"}). */
  final boolean typed;

  McpClient(String id, String title, Format format, String serversKey, boolean typed) {
    this.id = id;
    this.title = title;
    this.format = format;
    this.serversKey = serversKey;
    this.typed = typed;
  }

  static McpClient byId(String id) {
    for (McpClient client : values()) {
      if (client.id.equals(id)) {
        return client;
      }
    }
    throw new IllegalArgumentException("unknown client " + id + "; one of: " + ids());
  }

  static String ids() {
    StringBuilder ids = new StringBuilder();
    for (McpClient client : values()) {
      ids.append(ids.length() == 0 ? "" : ", ").append(client.id);
    }
    return ids.toString();
  }

  /** The user-wide configuration file on this machine, from the environment where it says. */
  Path defaultFile(Map<String, String> env) {
    Platform platform = Platform.of(env);
    return switch (this) {
      case CLAUDE_DESKTOP -> platform.appConfig().resolve("Claude").resolve("claude_desktop_config.json");
      case CLAUDE_CODE -> platform.home().resolve(".claude.json");
      case CURSOR -> platform.home().resolve(".cursor").resolve("mcp.json");
      case VSCODE -> platform.appConfig().resolve("Code").resolve("User").resolve("mcp.json");
      case WINDSURF -> platform.home().resolve(".codeium").resolve("windsurf").resolve("mcp_config.json");
      case CODEX -> {
        String codexHome = env.get("CODEX_HOME");
        Path dir = codexHome != null && !codexHome.isBlank() ? Path.of(codexHome) : platform.home().resolve(".codex");
        yield dir.resolve("config.toml");
      }
    };
  }

  /**
   * Where per-user application settings live: {@code ~/Library/Application Support} on macOS,
   * {@code %APPDATA%} on Windows, {@code $XDG_CONFIG_HOME} or {@code ~/.config} elsewhere.
   */
  record Platform(Path home, Path appConfig) {

    static Platform of(Map<String, String> env) {
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      String homeEnv = env.get(os.startsWith("windows") ? "USERPROFILE" : "HOME");
      Path home = Path.of(homeEnv != null && !homeEnv.isBlank() ? homeEnv : System.getProperty("user.home"));
      if (os.startsWith("mac")) {
        return new Platform(home, home.resolve("Library").resolve("Application Support"));
      }
      if (os.startsWith("windows")) {
        String appData = env.get("APPDATA");
        return new Platform(home, appData != null && !appData.isBlank()
            ? Path.of(appData) : home.resolve("AppData").resolve("Roaming"));
      }
      String xdg = env.get("XDG_CONFIG_HOME");
      return new Platform(home, xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config"));
    }
  }
}
