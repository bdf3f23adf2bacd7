package dev.calendlymcp.policy;

/** Who can grant a missing permission, and how, in a sentence a refusal ends with. */
@FunctionalInterface
public interface Granter {

  String howToGrant(Permission missing);

  /** stdio and {@code http --auth none}: the person who started the server. */
  static Granter localFlags() {
    return missing -> "The person running calendly-mcp can grant it by restarting it with --grant " + missing.flag()
        + " (or that line in its --policy file).";
  }

  /** An OAuth agent: the user who approved it, on the consents page. */
  static Granter consentsPage(String consentsUrl) {
    return missing -> "The user can grant " + missing.words() + " to this agent on the consents page, " + consentsUrl
        + ".";
  }
}
