package dev.calendlymcp.auth.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** How secrets we issue are stored: never as themselves, only as a digest to look them up by. */
public final class Hashes {

  private Hashes() {}

  /** Base64url (unpadded) SHA-256 of the UTF-8 text. */
  public static String sha256(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
