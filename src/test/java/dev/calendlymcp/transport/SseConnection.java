package dev.calendlymcp.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An SSE response read on a background thread, so a test waits for the next event with a
 * deadline instead of hanging, and can drop the connection as a client losing its network would.
 */
final class SseConnection implements AutoCloseable {

  /** One event as a client parses it; {@code data} is empty for a priming event. */
  record Event(String id, String event, String data) {}

  /** Put on the queue when the server ends the stream. */
  private static final Event END = new Event(null, null, null);

  private final HttpResponse<InputStream> response;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<String> comments = new LinkedBlockingQueue<>();

  private SseConnection(HttpResponse<InputStream> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static SseConnection open(HttpClient client, HttpRequest request) {
    try {
      return new SseConnection(
          client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no response headers", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  int status() {
    return response.statusCode();
  }

  String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** The next event; fails when none comes within five seconds or the stream ended. */
  Event next() {
    Event event = poll(Duration.ofSeconds(5));
    if (event == END) {
      throw new AssertionError("the stream ended");
    }
    if (event == null) {
      throw new AssertionError("no event within 5 s");
    }
    return event;
  }

  /** Whether the server ends the stream (after any events still queued) within five seconds. */
  boolean ends() {
    Event event;
    do {
      event = poll(Duration.ofSeconds(5));
    } while (event != null && event != END);
    return event == END;
  }

  /** Whether the server ends the stream within five seconds without sending another event. */
  boolean endsWithoutMoreEvents() {
    return poll(Duration.ofSeconds(5)) == END;
  }

  /** The next comment line (a keep-alive); fails when none comes within five seconds. */
  String nextComment() {
    try {
      String comment = comments.poll(5, TimeUnit.SECONDS);
      if (comment == null) {
        throw new AssertionError("no comment within 5 s");
      }
      return comment;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private Event poll(Duration wait) {
    try {
      return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String type = null;
      StringBuilder data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id, type, data.toString()));
          }
          id = null;
          type = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          type = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          String value = line.substring(5).trim();
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
      }
    } catch (IOException e) {
      // The test closed the connection.
    } finally {
      events.add(END);
    }
  }

  /** Drops the connection, as a client losing its network would. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
