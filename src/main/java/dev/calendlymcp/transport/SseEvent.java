package dev.calendlymcp.transport;

/**
 * One server-sent event: a JSON-RPC message, or (with empty data) the priming event that gives a
 * client an id to resume from before any message was sent.
 */
record SseEvent(EventId id, String data) {

  /** An SSE comment; clients ignore it, and writing it finds connections that died silently. */
  static final String KEEP_ALIVE = ": keep-alive\n\n";

  static SseEvent primer(EventId id) {
    return new SseEvent(id, "");
  }

  /** The event's weight in a replay history: its data in UTF-8 bytes, as it goes on the wire. */
  long size() {
    long bytes = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      // A surrogate pair is 4 bytes in UTF-8, 2 for each half.
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  /** The event as written on the wire. */
  String frame() {
    StringBuilder frame = new StringBuilder(data.length() + 48).append("id: ").append(id).append('\n');
    if (data.isEmpty()) {
      // "data: " with its space: the SDK's client only records an id from an event with a data field
      // that matches "data:(.+)".
      frame.append("data: \n");
    } else {
      frame.append("event: message\n");
      data.lines().forEach(line -> frame.append("data: ").append(line).append('\n'));
    }
    return frame.append('\n').toString();
  }
}
