package dev.calendlymcp.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** Random values we hand out: codes, refresh tokens, ids, CSRF tokens, cookies. */
final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** {@code bytes} random bytes, base64url without padding. */
  static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }
}
