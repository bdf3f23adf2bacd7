package dev.calendlymcp.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the audit keeps of an invitee's email address and name: everything, a masked form a person
 * recognises ({@code j***@example.com}), a fingerprint that lets one follow the same invitee across
 * records without the address, or nothing.
 */
public enum PiiMode {
  KEEP,
  MASK,
  HASH,
  DROP;

  /** Masked: enough for the owner to recognise a guest, too little to mail them. */
  public static final PiiMode DEFAULT = MASK;

  // Finds addresses inside error messages; the addresses themselves were already parsed upstream.
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the valid modes */
  public static PiiMode fromWire(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (PiiMode mode : values()) {
      if (mode.wireName().equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown audit PII mode '" + (wanted.length() > 20 ? wanted.substring(0, 20) + "…" : wanted)
        + "'; valid: " + Arrays.stream(values()).map(PiiMode::wireName).collect(Collectors.joining(", ")));
  }

  /** The email as this mode keeps it; empty when dropped. */
  public String email(String email) {
    if (email == null || email.isBlank()) {
      return "";
    }
    String address = email.strip();
    return switch (this) {
      case KEEP -> address;
      case MASK -> mask(address);
      case HASH -> fingerprint(address.toLowerCase(Locale.ROOT));
      case DROP -> "";
    };
  }

  /** The name as this mode keeps it: only {@link #KEEP} keeps it whole, {@link #MASK} keeps an initial. */
  public String name(String name) {
    if (name == null || name.isBlank()) {
      return "";
    }
    String clean = name.strip();
    return switch (this) {
      case KEEP -> clean;
      case MASK -> clean.codePoints().limit(1).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "***";
      case HASH -> fingerprint(clean.toLowerCase(Locale.ROOT));
      case DROP -> "";
    };
  }

  /** Free text (an error message) with every address in it treated as {@link #email} would. */
  public String scrub(String text) {
    if (this == KEEP || text == null) {
      return text;
    }
    Matcher matcher = EMAIL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replaced = this == DROP ? "(address withheld)" : email(matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replaced));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  static String mask(String email) {
    int at = email.lastIndexOf('@');
    if (at <= 0) {
      return "***";
    }
    return email.substring(0, Math.min(1, at)) + "***" + email.substring(at);
  }

  static String fingerprint(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
