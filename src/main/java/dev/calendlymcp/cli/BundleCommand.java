package dev.calendlymcp.cli;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.tools.Toolset;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code calendly-mcp bundle}: the one-click packages of a release. A Claude Desktop extension
 * ({@code .mcpb}: a zip of {@code manifest.json}, the jar and the launchers, which start with
 * {@code sh}/{@code cmd} so that no file needs an executable bit) and, for the official MCP
 * Registry, the {@code server.json} that points at it with its SHA-256. Both are generated from
 * the code (the manifest's tool list is the default toolset's), so they cannot drift from it.
 */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = "Write the Claude Desktop extension (.mcpb) of this build and, with --server-json, its MCP Registry"
        + " entry (used by the release workflow).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:a file could not be read or written", "2:usage error"})
final class BundleCommand implements Callable<Integer> {

  static final String MANIFEST_VERSION = "0.3";
  static final String REGISTRY_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
  static final String DESCRIPTION = "Calendly for AI agents: find times, book, cancel, share links, see the team.";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern GITHUB = Pattern.compile("https://github\\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)");

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .mcpb file to write.")
  Path out;

  @Option(names = "--release-version", paramLabel = "VERSION", description = "The release version. Default: this"
      + " build's.")
  String version;

  @Option(names = "--jar", paramLabel = "FILE", description = "The jar to bundle. Default: the running jar.")
  Path jar;

  @Option(names = "--launchers", paramLabel = "DIR", description = "Where bin/calendly-mcp and bin/calendly-mcp.cmd"
      + " are. Default: beside the running jar, or ../bin.")
  Path launchers;

  @Option(names = "--server-json", paramLabel = "FILE", description = "Also write the MCP Registry's server.json for"
      + " the bundle as published under --repository's releases.")
  Path serverJson;

  @Option(names = "--repository", paramLabel = "URL", description = "The GitHub repository releases are published"
      + " from, e.g. https://github.com/owner/calendly-mcp. Default: https://github.com/$GITHUB_REPOSITORY.")
  String repository;

  private final Console console;

  BundleCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    String release = version != null ? version : Version.current();
    Path jarFile = jar != null ? jar : Installation.jar().orElse(null);
    Path bin = launchers != null ? launchers
        : Installation.launcher().map(Path::getParent).orElse(null);
    if (jarFile == null || bin == null || !Files.isRegularFile(bin.resolve("calendly-mcp"))
        || !Files.isRegularFile(bin.resolve("calendly-mcp.cmd"))) {
      console.err().println("calendly-mcp: bundle needs the jar and both launchers: pass --jar and --launchers");
      return 2;
    }
    try {
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
        put(zip, "manifest.json", (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest(release)) + "\n")
            .getBytes(StandardCharsets.UTF_8));
        copy(zip, "server/calendly-mcp.jar", jarFile);
        copy(zip, "server/calendly-mcp", bin.resolve("calendly-mcp"));
        copy(zip, "server/calendly-mcp.cmd", bin.resolve("calendly-mcp.cmd"));
      }
      console.err().println("Wrote " + out);
      if (serverJson != null) {
        String repo = repository != null ? repository
            : console.env().containsKey("GITHUB_REPOSITORY") ? "https://github.com/" + console.env().get("GITHUB_REPOSITORY")
            : null;
        if (repo == null || !GITHUB.matcher(repo).matches()) {
          console.err().println("calendly-mcp: --server-json needs --repository https://github.com/<owner>/<repo>");
          return 2;
        }
        Files.writeString(serverJson, JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(serverJson(release, repo, out.getFileName().toString(), sha256(out))) + "\n");
        console.err().println("Wrote " + serverJson);
      }
      return 0;
    } catch (IOException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 1;
    }
  }

  /** The extension's manifest (MCPB spec 0.3). */
  static ObjectNode manifest(String version) {
    ObjectNode root = JSON.createObjectNode();
    root.put("manifest_version", MANIFEST_VERSION);
    root.put("name", "calendly-mcp");
    root.put("display_name", "Calendly");
    root.put("version", version);
    root.put("description", DESCRIPTION);
    root.put("long_description", "Lets Claude work with your Calendly: find open times across event types, book"
        + " invitees without double-booking, reschedule and cancel meetings, create single-use booking links and see"
        + " your team. Needs Java 17 or later on this computer (https://adoptium.net). Sign in with a Calendly personal"
        + " access token below, or once in a terminal with `calendly-mcp login`.");
    root.putObject("author").put("name", "calendly-mcp contributors");
    ObjectNode server = root.putObject("server");
    server.put("type", "binary");
    server.put("entry_point", "server/calendly-mcp");
    ObjectNode config = server.putObject("mcp_config");
    // Through sh and cmd: an unpacked extension may have lost the launcher's executable bit.
    config.put("command", "sh");
    config.putArray("args").add("${__dirname}/server/calendly-mcp").add("--toolsets").add("${user_config.toolsets}");
    config.putObject("env").put("CALENDLY_TOKEN", "${user_config.calendly_token}");
    ObjectNode windows = config.putObject("platform_overrides").putObject("win32");
    windows.put("command", "cmd");
    windows.putArray("args").add("/c").add("${__dirname}${/}server${/}calendly-mcp.cmd")
        .add("--toolsets").add("${user_config.toolsets}");
    ArrayNode tools = root.putArray("tools");
    for (ToolDefinition tool : ToolCatalog.build(ToolOptions.defaults()).tools()) {
      tools.addObject().put("name", tool.name()).put("description", tool.title());
    }
    root.put("tools_generated", true);
    root.putArray("keywords").add("calendly").add("scheduling").add("calendar").add("meetings").add("booking");
    root.putArray("privacy_policies").add("https://calendly.com/legal/privacy-notice");
    ObjectNode compatibility = root.putObject("compatibility");
    compatibility.putArray("platforms").add("darwin").add("linux").add("win32");
    ObjectNode userConfig = root.putObject("user_config");
    Map<String, Object> token = new LinkedHashMap<>();
    token.put("type", "string");
    token.put("title", "Calendly personal access token");
    token.put("description", "Calendly → Integrations → API & Webhooks → Personal access tokens. Leave empty to use"
        + " the login of `calendly-mcp login`.");
    token.put("sensitive", true);
    token.put("required", false);
    userConfig.set("calendly_token", JSON.valueToTree(token));
    Map<String, Object> toolsets = new LinkedHashMap<>();
    toolsets.put("type", "string");
    toolsets.put("title", "Toolsets");
    toolsets.put("description", "Comma-separated: " + Arrays.stream(Toolset.values()).map(Toolset::wireName)
        .collect(Collectors.joining(", ")) + "; or all.");
    toolsets.put("default", "scheduling");
    toolsets.put("required", false);
    userConfig.set("toolsets", JSON.valueToTree(toolsets));
    return root;
  }

  /** The MCP Registry entry for the bundle published as a release asset of {@code repository}. */
  static ObjectNode serverJson(String version, String repository, String bundleName, String sha256) {
    Matcher github = GITHUB.matcher(repository);
    if (!github.matches()) {
      throw new IllegalArgumentException("not a GitHub repository URL: " + repository);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", REGISTRY_SCHEMA);
    root.put("name", "io.github." + github.group(1) + "/" + github.group(2));
    root.put("title", "Calendly");
    root.put("description", DESCRIPTION);
    root.put("version", version);
    root.putObject("repository").put("url", repository).put("source", "github");
    ObjectNode bundle = root.putArray("packages").addObject();
    bundle.put("registryType", "mcpb");
    bundle.put("identifier", URI.create(repository + "/releases/download/v" + version + "/" + bundleName).toString());
    bundle.put("version", version);
    bundle.put("fileSha256", sha256);
    bundle.putObject("transport").put("type", "stdio");
    ObjectNode variable = bundle.putArray("environmentVariables").addObject();
    variable.put("name", "CALENDLY_TOKEN");
    variable.put("description", "Calendly personal access token; not needed after `calendly-mcp login`.");
    variable.put("isRequired", false);
    variable.put("isSecret", true);
    return root;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private static void copy(ZipOutputStream zip, String name, Path file) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    Files.copy(file, zip);
    zip.closeEntry();
  }
}
