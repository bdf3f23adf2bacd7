package dev.calendlymcp.sandbox.model;

import java.util.Random;
import java.util.UUID;

/**
 * Mints identifiers from a seeded random sequence, so that two sandboxes started with the same
 * seed and sent the same requests in the same order mint the same identifiers. Thread-safe.
 */
public final class Ids {

  private final Random random;

  /** A sequence determined by {@code seed}. */
  public Ids(long seed) {
    this.random = new Random(seed);
  }

  /** A random (version 4) UUID in canonical lower-case form. */
  public synchronized String uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** {@code length} random lower-case hex digits, for tokens, keys and link codes. */
  public synchronized String hex(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(Character.forDigit(random.nextInt(16), 16));
    }
    return text.toString();
  }
}
