package dev.calendlymcp.auth.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets a store keeps at rest (Calendly tokens, private signing keys) with
 * AES-256-GCM under one master key. Each value is sealed with associated data naming where it
 * lives (e.g. {@code grants/<id>/calendly_access_token}), so a sealed value copied into another
 * row or column no longer opens. Sealed text is {@code v1.} followed by base64url of the 96-bit
 * random nonce, the ciphertext and the 128-bit tag; the version leaves room for another scheme.
 */
public final class SecretBox {

  /** Environment variable holding the master key as base64 of 32 bytes; overrides the key file. */
  public static final String MASTER_KEY_ENV = "CALENDLY_MCP_MASTER_KEY";

  /** The key file in the data directory, used when the variable is not set. */
  public static final String MASTER_KEY_FILE = "master.key";

  private static final String VERSION = "v1.";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * The box for {@code dataDir}: keyed by {@value #MASTER_KEY_ENV} when {@code env} has it, else
   * by {@code <dataDir>/master.key}, which is created (owner-only, 32 bytes from {@link
   * SecureRandom}, as base64 text) on first use along with the directory.
   */
  public static SecretBox loadOrCreate(Path dataDir, Map<String, String> env) {
    String fromEnv = env.get(MASTER_KEY_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new SecretBox(decodeKey(fromEnv, MASTER_KEY_ENV));
    }
    Path file = dataDir.resolve(MASTER_KEY_FILE);
    try {
      PrivateFiles.directory(dataDir);
      if (!Files.exists(file)) {
        create(file);
      }
      return new SecretBox(decodeKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key " + file, e);
    }
  }

  /** Encrypts {@code plaintext}, bound to {@code associatedData} (which is not secret and not stored). */
  public String seal(String plaintext, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every Java platform", e);
    }
  }

  /**
   * Decrypts what {@link #seal} made with the same associated data.
   *
   * @throws UnreadableSecretException when the master key is another one, the value was altered,
   *     or it was sealed for another place
   */
  public String open(String sealed, String associatedData) {
    byte[] bytes;
    try {
      if (!sealed.startsWith(VERSION)) {
        throw new UnreadableSecretException("it is not a value this version of calendly-mcp sealed");
      }
      bytes = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      throw new UnreadableSecretException("it is not valid base64url");
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new UnreadableSecretException("it is too short");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), associatedData);
      return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new UnreadableSecretException(
          "the master key is not the one it was sealed with, or the stored value was altered or moved");
    }
  }

  /** A sealed value that does not open; says why without repeating the value. */
  public static final class UnreadableSecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableSecretException(String why) {
      super("a stored secret cannot be decrypted: " + why);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  /**
   * Writes a new key to a temporary file and renames it into place, so a crash never leaves a
   * half-written key; if another process got there first, its key wins.
   */
  private static void create(Path file) throws IOException {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path temp = PrivateFiles.flushedTempFile(file, text);
    try {
      Files.move(temp, file);
      PrivateFiles.flushDirectory(file.getParent());
    } catch (FileAlreadyExistsException e) {
      Files.delete(temp);
    }
  }

  private static byte[] decodeKey(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the master key in " + source + " must be the base64 of 32 random bytes (e.g. openssl rand -base64 32)");
    }
    return key;
  }
}
