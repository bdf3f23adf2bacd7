package dev.calendlymcp.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * One resource's level, and whether calls that change or destroy things must first be confirmed by
 * the person through MCP elicitation. Written {@code write}, {@code full+ask}, {@code read}.
 */
public record ResourceGrant(AccessLevel level, boolean ask) {
  public static final ResourceGrant NONE = new ResourceGrant(AccessLevel.NONE, false);

  public ResourceGrant {
    Objects.requireNonNull(level, "level");
    if (ask && !level.includes(AccessLevel.WRITE)) {
      throw new IllegalArgumentException("+ask applies to write and full only, not to " + level.wireName());
    }
  }

  public static ResourceGrant of(AccessLevel level) {
    return new ResourceGrant(level, false);
  }

  /** Parses {@code read}, {@code write}, {@code write+ask}, {@code full+ask}, {@code none}. */
  public static ResourceGrant parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    boolean ask = value.endsWith("+ask");
    AccessLevel level = AccessLevel.fromWire(ask ? value.substring(0, value.length() - 4) : value);
    return new ResourceGrant(level, ask);
  }

  /** The lower of the two levels; asking is kept if either asks, since a ceiling may demand it. */
  public ResourceGrant capTo(ResourceGrant ceiling) {
    AccessLevel capped = level.includes(ceiling.level) ? ceiling.level : level;
    boolean keepAsk = (ask || ceiling.ask) && capped.includes(AccessLevel.WRITE);
    return new ResourceGrant(capped, keepAsk);
  }

  public String wireText() {
    return level.wireName() + (ask ? "+ask" : "");
  }
}
