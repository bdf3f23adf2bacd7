package dev.calendlymcp.transport;

import java.util.Optional;

/**
 * The {@code id:} of an SSE event: the stream it went out on and its place in the session's
 * sequence, written {@code <stream>-<sequence>}. Naming the stream lets a {@code Last-Event-ID}
 * lead back to the stream that was cut off, as the 2025-11-25 specification asks; the sequence is
 * shared by all streams of a session, so every id is unique within it.
 */
record EventId(long stream, long sequence) {

  EventId {
    if (stream < 0 || sequence < 0) {
      throw new IllegalArgumentException("stream and sequence must not be negative");
    }
  }

  /** The id a client sent back, or empty when it is not one this transport could have written. */
  static Optional<EventId> parse(String text) {
    int dash = text.indexOf('-');
    if (dash <= 0 || dash == text.length() - 1) {
      return Optional.empty();
    }
    try {
      long stream = Long.parseLong(text, 0, dash, 10);
      long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
      return stream < 0 || sequence < 0 ? Optional.empty() : Optional.of(new EventId(stream, sequence));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return stream + "-" + sequence;
  }
}
