package dev.calendlymcp.cli;

import dev.calendlymcp.auth.store.SecretBox;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.calendly.RefreshToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the {@link StoredLogin} in {@code login.json} in the data directory, owner-only (0600 in a
 * 0700 folder), with every secret sealed by the data directory's {@link SecretBox} (the same
 * master key as the HTTP server's store: {@code CALENDLY_MCP_MASTER_KEY} or {@code master.key}).
 * The file is replaced by a rename, so a crash leaves the old login or the new one.
 */
final class LoginStore {

  static final String FILE = "login.json";
  static final String DATA_DIR_ENV = "CALENDLY_MCP_DATA_DIR";

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /**
   * Built when a login is read or written, not when the class is first used: the stdio start asks
   * this class for the data folder only, and a mapper takes milliseconds to build.
   */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }

  private final Path dir;
  private final Map<String, String> env;

  LoginStore(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  /** The store in {@code dataDir}, else {@code CALENDLY_MCP_DATA_DIR}, else the platform default. */
  static LoginStore in(Path dataDir, Map<String, String> env) {
    return new LoginStore(dataDir != null ? dataDir : defaultDir(env), env);
  }

  static Path defaultDir(Map<String, String> env) {
    String configured = env.get(DATA_DIR_ENV);
    return configured != null && !configured.isBlank() ? Path.of(configured) : OAuthSetup.defaultDataDir(env);
  }

  Path dir() {
    return dir;
  }

  Path file() {
    return dir.resolve(FILE);
  }

  /** Whether a login is stored, without decrypting it (cheap enough for the stdio start). */
  boolean exists() {
    return Files.isRegularFile(file());
  }

  /**
   * @return the stored login, or empty when there is none
   * @throws IllegalStateException when the file is unreadable or its secrets do not open, naming
   *     the file and what to do
   */
  Optional<StoredLogin> load() {
    if (!exists()) {
      return Optional.empty();
    }
    try {
      JsonNode root = Json.MAPPER.readTree(Files.readString(file(), StandardCharsets.UTF_8));
      SecretBox box = SecretBox.loadOrCreate(dir, env);
      StoredLogin.Kind kind = StoredLogin.Kind.valueOf(text(root, "kind"));
      Optional<OAuthClientCredentials> client = Optional.empty();
      if (root.hasNonNull("client_id")) {
        client = Optional.of(root.hasNonNull("client_secret")
            ? OAuthClientCredentials.confidential(text(root, "client_id"), box.open(text(root, "client_secret"), "login/client_secret"))
            : OAuthClientCredentials.publicClient(text(root, "client_id")));
      }
      List<String> scopes = new ArrayList<>();
      root.path("scopes").forEach(scope -> scopes.add(scope.asString()));
      return Optional.of(new StoredLogin(
          kind,
          URI.create(text(root, "api_base_url")),
          URI.create(text(root, "auth_base_url")),
          AccessToken.of(box.open(text(root, "access_token"), "login/access_token")),
          root.hasNonNull("refresh_token")
              ? Optional.of(RefreshToken.of(box.open(text(root, "refresh_token"), "login/refresh_token")))
              : Optional.empty(),
          root.hasNonNull("expires_at") ? Optional.of(Instant.parse(text(root, "expires_at"))) : Optional.empty(),
          client,
          scopes,
          text(root, "user_uri"),
          text(root, "email")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file() + ": " + e.getMessage()
          + ". Run calendly-mcp login again.", e);
    } catch (JacksonException | IllegalArgumentException | SecretBox.UnreadableSecretException e) {
      // Messages of these name fields, never values: the sealed text is all the file holds.
      throw new IllegalStateException(file() + " is not a login this calendly-mcp can use ("
          + e.getClass().getSimpleName() + "). Run calendly-mcp logout, then calendly-mcp login.", e);
    }
  }

  void save(StoredLogin login) {
    SecretBox box = SecretBox.loadOrCreate(dir, env);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("version", 1);
    root.put("kind", login.kind().name());
    root.put("api_base_url", login.apiBaseUrl().toString());
    root.put("auth_base_url", login.authBaseUrl().toString());
    root.put("user_uri", login.userUri());
    root.put("email", login.email());
    root.put("access_token", box.seal(login.accessToken().reveal(), "login/access_token"));
    login.refreshToken().ifPresent(token -> root.put("refresh_token", box.seal(token.reveal(), "login/refresh_token")));
    login.expiresAt().ifPresent(at -> root.put("expires_at", at.toString()));
    login.client().ifPresent(client -> {
      root.put("client_id", client.clientId());
      if (!client.isPublic()) {
        root.put("client_secret", box.seal(client.clientSecret().reveal(), "login/client_secret"));
      }
    });
    login.scopes().forEach(root.putArray("scopes")::add);
    try {
      Path temp = Files.createTempFile(dir, FILE, ".tmp", ownerOnly());
      Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      try {
        Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(), e);
    }
  }

  /** @return whether there was a login to delete */
  boolean delete() {
    try {
      return Files.deleteIfExists(file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isString()) {
      throw new IllegalArgumentException("field " + field + " is missing");
    }
    return node.asString();
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }
}
