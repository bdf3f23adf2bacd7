package dev.calendlymcp.policy;

/** Shared wording helpers, so error messages never echo unbounded input. */
final class PolicyText {
  private PolicyText() {}

  static String clip(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
