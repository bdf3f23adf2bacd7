package dev.calendlymcp.server;

import dev.calendlymcp.transport.ConnectionLimits;
import dev.calendlymcp.transport.MessageLimits;
import dev.calendlymcp.transport.SessionLimits;
import java.util.Objects;

/**
 * What one client or agent can make the HTTP server hold: connections and their time, sessions and
 * their replay history, and the length of the strings a message may make it echo and keep. The
 * defaults are in docs/transport.md.
 */
public record HttpLimits(ConnectionLimits connections, SessionLimits sessions, MessageLimits messages) {

  public static final HttpLimits DEFAULTS =
      new HttpLimits(ConnectionLimits.DEFAULTS, SessionLimits.DEFAULTS, MessageLimits.DEFAULTS);

  public HttpLimits {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(messages, "messages");
  }

  public HttpLimits withConnections(ConnectionLimits connections) {
    return new HttpLimits(connections, sessions, messages);
  }

  public HttpLimits withSessions(SessionLimits sessions) {
    return new HttpLimits(connections, sessions, messages);
  }
}
