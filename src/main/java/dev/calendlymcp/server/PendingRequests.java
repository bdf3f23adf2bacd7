package dev.calendlymcp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Counts requests forwarded to the SDK and not yet answered, so that when the client closes stdin
 * the server can write the answers it still owes before the stdio transport stops writing (it
 * drops anything sent after end of input). The wait is bounded: the process must still exit
 * within a second.
 */
final class PendingRequests {

  /**
   * How the SDK serializes every response and nothing else (its requests and notifications put
   * {@code method} second). Checked against the pinned SDK by the stdio tests.
   */
  private static final byte[] RESPONSE_PREFIX = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.US_ASCII);

  private int pending;

  synchronized void forwarded() {
    pending++;
  }

  synchronized void answered() {
    pending = Math.max(0, pending - 1);
    notifyAll();
  }

  /** Waits until every forwarded request is answered or {@code timeout} passes. */
  synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (pending > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * The stdout the transport writes to: passes everything through and counts the responses. The
   * transport writes each message in one call while holding this stream's monitor, so the check sees whole
   * messages.
   */
  final class CountingOutput extends OutputStream {
    private final OutputStream out;

    CountingOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      if (startsWithResponsePrefix(bytes, offset, length)) {
        answered();
      }
    }

    /** For the screen's own answers, which answer no forwarded request. */
    void writeUncounted(byte[] bytes) throws IOException {
      out.write(bytes, 0, bytes.length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static boolean startsWithResponsePrefix(byte[] bytes, int offset, int length) {
    if (length < RESPONSE_PREFIX.length) {
      return false;
    }
    for (int i = 0; i < RESPONSE_PREFIX.length; i++) {
      if (bytes[offset + i] != RESPONSE_PREFIX[i]) {
        return false;
      }
    }
    return true;
  }
}
