package dev.calendlymcp.server;

import dev.calendlymcp.tools.CalendlyAccess;

/**
 * Last line of defence for error texts sent to a client: removes the token the call's Calendly
 * connection holds. The client's exceptions are built never to contain a token; this catches the
 * case where one slips through anyway (a library quoting a header, say).
 */
final class Redactor {

  static final String MASK = "[redacted]";

  private Redactor() {}

  /** Asked on each use, so a token obtained after start-up (sandbox) or refreshed is covered. */
  static String redact(String text, CalendlyAccess access) {
    return access.tokenInUse().map(t -> text.replace(t.reveal(), MASK)).orElse(text);
  }
}
