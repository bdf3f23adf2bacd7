package dev.calendlymcp.server;

import dev.calendlymcp.calendly.AccessToken;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Last line of defence for error texts sent to a client: removes the token the server holds. The
 * client's exceptions are built never to contain a token; this catches the case where one slips
 * through anyway (a library quoting a header, say).
 */
final class Redactor {

  static final String MASK = "[redacted]";

  private final Supplier<Optional<AccessToken>> token;

  /** @param token asked on each use, so a token obtained after start-up (sandbox) is covered */
  Redactor(Supplier<Optional<AccessToken>> token) {
    this.token = token;
  }

  String apply(String text) {
    return token.get().map(t -> text.replace(t.reveal(), MASK)).orElse(text);
  }
}
