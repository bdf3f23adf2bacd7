package dev.calendlymcp.transport;

/**
 * What one agent can make the transport hold: sessions, and the events each keeps for replay.
 *
 * @param perPrincipal sessions one principal may hold; past that, {@code initialize} evicts the
 *     longest-unused of its sessions that have no request running and no stream open, or gets 429
 *     when none is idle
 * @param perClient the same, for all principals of one client together (an OAuth client id used by
 *     many users counts all of them)
 * @param historyBytesPerSession bytes of events a session keeps for {@code Last-Event-ID} replay,
 *     all its streams together; the oldest go first
 * @param historyBytesPerStream bytes of those one stream may take, so one large answer cannot push
 *     out every other stream's events; an event larger than this is sent but not kept
 */
public record SessionLimits(int perPrincipal, int perClient, int historyBytesPerSession, int historyBytesPerStream) {

  /**
   * A person runs a handful of agents, each with a session or two; 16 leaves room for restarts
   * that never said goodbye. A request stream's answer is rarely over 200 KB (500 available slots).
   */
  public static final SessionLimits DEFAULTS = new SessionLimits(16, 512, 1024 * 1024, 512 * 1024);

  public SessionLimits {
    if (perPrincipal < 1 || perClient < 1) {
      throw new IllegalArgumentException("session limits must be positive");
    }
    if (historyBytesPerSession < 0 || historyBytesPerStream < 0) {
      throw new IllegalArgumentException("history bytes must not be negative");
    }
  }
}
