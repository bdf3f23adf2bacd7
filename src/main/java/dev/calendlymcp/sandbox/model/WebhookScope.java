package dev.calendlymcp.sandbox.model;

import java.util.Locale;

/** Whose events a webhook subscription receives. */
public enum WebhookScope {
  USER,
  ORGANIZATION,
  GROUP;

  /** The scope as the API spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
