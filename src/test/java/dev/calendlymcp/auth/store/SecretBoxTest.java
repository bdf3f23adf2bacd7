package dev.calendlymcp.auth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

  @TempDir Path dir;

  static Map<String, String> envWithRandomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Map.of(SecretBox.MASTER_KEY_ENV, Base64.getEncoder().encodeToString(key));
  }

  @Test
  void whatIsSealedOpensWithTheSameAssociatedData() {
    SecretBox box = SecretBox.loadOrCreate(dir, envWithRandomKey());

    for (String plaintext : new String[] {"", "calendly-token-123", "ünïcødé ✓ and a long one ".repeat(50)}) {
      String sealed = box.seal(plaintext, "grants/g1/calendly_access_token");
      assertThat(sealed).startsWith("v1.").doesNotContain(plaintext.isEmpty() ? "\0" : plaintext);
      assertThat(box.open(sealed, "grants/g1/calendly_access_token")).isEqualTo(plaintext);
    }
  }

  @Test
  void sealingTwiceGivesDifferentTextThanksToTheRandomNonce() {
    SecretBox box = SecretBox.loadOrCreate(dir, envWithRandomKey());

    assertThat(box.seal("same", "here")).isNotEqualTo(box.seal("same", "here"));
  }

  @Test
  void aTamperedValueDoesNotOpen() {
    SecretBox box = SecretBox.loadOrCreate(dir, envWithRandomKey());
    String sealed = box.seal("calendly-token-123", "place");

    byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(3));
    for (int i = 0; i < bytes.length; i++) {
      byte[] altered = bytes.clone();
      altered[i] ^= 1;
      String tampered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThatThrownBy(() -> box.open(tampered, "place"))
          .as("byte %d altered", i)
          .isInstanceOf(SecretBox.UnreadableSecretException.class);
    }
    assertThatThrownBy(() -> box.open(sealed.substring(0, sealed.length() - 1), "place"))
        .isInstanceOf(SecretBox.UnreadableSecretException.class);
  }

  @Test
  void aValueMovedToAnotherPlaceDoesNotOpen() {
    SecretBox box = SecretBox.loadOrCreate(dir, envWithRandomKey());
    String sealed = box.seal("calendly-token-123", "grants/g1/calendly_access_token");

    assertThatThrownBy(() -> box.open(sealed, "grants/g2/calendly_access_token"))
        .isInstanceOf(SecretBox.UnreadableSecretException.class)
        .hasMessageContaining("master key")
        .message()
        .doesNotContain(sealed);
    assertThatThrownBy(() -> box.open(sealed, "grants/g1/calendly_refresh_token"))
        .isInstanceOf(SecretBox.UnreadableSecretException.class);
  }

  @Test
  void anotherKeyDoesNotOpenIt() {
    String sealed = SecretBox.loadOrCreate(dir, envWithRandomKey()).seal("calendly-token-123", "place");

    SecretBox other = SecretBox.loadOrCreate(dir, envWithRandomKey());
    assertThatThrownBy(() -> other.open(sealed, "place")).isInstanceOf(SecretBox.UnreadableSecretException.class);
  }

  @Test
  void whatIsNotSealedTextIsRefusedClearly() {
    SecretBox box = SecretBox.loadOrCreate(dir, envWithRandomKey());

    assertThatThrownBy(() -> box.open("plain-token", "place"))
        .isInstanceOf(SecretBox.UnreadableSecretException.class)
        .hasMessageContaining("not a value")
        .message()
        .doesNotContain("plain-token");
    assertThatThrownBy(() -> box.open("v1.%%%", "place")).isInstanceOf(SecretBox.UnreadableSecretException.class);
    assertThatThrownBy(() -> box.open("v1.AAAA", "place")).isInstanceOf(SecretBox.UnreadableSecretException.class);
  }

  @Test
  void withoutTheVariableAKeyFileIsCreatedOwnerOnlyAndReused() throws Exception {
    Path dataDir = dir.resolve("nested/data");
    String sealed = SecretBox.loadOrCreate(dataDir, Map.of()).seal("calendly-token-123", "place");

    Path keyFile = dataDir.resolve(SecretBox.MASTER_KEY_FILE);
    assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    assertThat(SecretBox.loadOrCreate(dataDir, Map.of(SecretBox.MASTER_KEY_ENV, " ")).open(sealed, "place"))
        .isEqualTo("calendly-token-123");
    assertThat(Files.list(dataDir)).containsExactly(keyFile);

    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
  }

  @Test
  void theVariableWinsOverTheFileAndNoFileIsWritten() {
    Map<String, String> env = envWithRandomKey();
    String sealed = SecretBox.loadOrCreate(dir, env).seal("x", "place");

    assertThat(SecretBox.loadOrCreate(dir, env).open(sealed, "place")).isEqualTo("x");
    assertThat(dir.resolve(SecretBox.MASTER_KEY_FILE)).doesNotExist();
  }

  @Test
  void aMalformedKeyIsRefusedWithoutRepeatingIt() {
    for (String bad : new String[] {"not base64 at all!", Base64.getEncoder().encodeToString(new byte[16])}) {
      assertThatThrownBy(() -> SecretBox.loadOrCreate(dir, Map.of(SecretBox.MASTER_KEY_ENV, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(SecretBox.MASTER_KEY_ENV)
          .hasMessageContaining("32")
          .message()
          .doesNotContain(bad);
    }
  }
}
