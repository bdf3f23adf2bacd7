package dev.calendlymcp.server;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's messages as the stdio transport ({@link StdioTransport}) receives them: each line of
 * stdin after {@link RequestScreen} has looked at it. A forwarded line comes out as the message the
 * screen already read (tagged, for a tool call), so a line is parsed once; lines the screen answers
 * are answered here, on the shared stdout, and never reach the SDK.
 *
 * <p>Lines are read as bytes with a size cap, so an endless or huge line costs at most the cap in
 * memory and is answered with an error instead of ending the session. End of input (the client
 * closed stdin, or reading failed) is reported once through {@code onEnd}.
 *
 * <p>{@link #next} screens one line at a time, when the transport asks for the next message, so
 * lines are screened in the order the SDK acts on them.
 */
final class ScreenedInput implements StdioTransport.Inbound {

  private static final Logger log = LoggerFactory.getLogger(ScreenedInput.class);
  private static final int INITIAL_LINE = 8 * 1024;
  private static final byte[] NEWLINE = {'\n'};

  private final InputStream in;
  private final PendingRequests.CountingOutput out;
  private final RequestScreen screen;
  private final PendingRequests unanswered;
  private final int maxLineBytes;
  private final Duration drain;
  private final Runnable onEnd;

  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[INITIAL_LINE];
  private int lineLen;
  private boolean ended;

  /**
   * @param in the client's raw stdin
   * @param out the stdout shared with the transport; writes are made while holding its monitor, as
   *     the transport's are, so lines never interleave
   * @param pending the requests still to be answered, waited for (up to {@code drain}) at end of
   *     input
   * @param maxLineBytes longest line accepted
   * @param onEnd run once when input ends or reading it fails, after the drain
   */
  ScreenedInput(
      InputStream in,
      PendingRequests.CountingOutput out,
      RequestScreen screen,
      PendingRequests pending,
      int maxLineBytes,
      Duration drain,
      Runnable onEnd) {
    this.in = in;
    this.out = out;
    this.screen = screen;
    this.unanswered = pending;
    this.maxLineBytes = maxLineBytes;
    this.drain = drain;
    this.onEnd = onEnd;
  }

  @Override
  public McpSchema.JSONRPCMessage next() throws IOException {
    try {
      return nextForwarded();
    } catch (IOException | RuntimeException | Error e) {
      // The transport stops reading after a failure, so it ends the session as end of input does:
      // otherwise the process would wait for an end of input that never comes, and the client with it.
      end();
      throw e;
    }
  }

  private McpSchema.JSONRPCMessage nextForwarded() throws IOException {
    while (!ended) {
      RequestScreen.Verdict verdict = nextLine();
      if (verdict == null) {
        end();
      } else if (verdict instanceof RequestScreen.Forward forward) {
        return forward.message();
      } else if (verdict instanceof RequestScreen.Answer answer && !reply(answer.message())) {
        end();
      }
    }
    return null;
  }

  /** The verdict on the next line, or null at end of input. */
  private RequestScreen.Verdict nextLine() throws IOException {
    lineLen = 0;
    boolean overflow = false;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = readChunk();
        chunkPos = 0;
        if (chunkLen < 0) {
          chunkLen = 0;
          if (overflow) {
            return screen.tooLarge(maxLineBytes);
          }
          return lineLen > 0 ? verdictOnLine() : null;
        }
      }
      int newline = indexOf(chunk, chunkPos, chunkLen, (byte) '\n');
      int end = newline < 0 ? chunkLen : newline;
      int segment = end - chunkPos;
      if (!overflow) {
        if (lineLen + segment > maxLineBytes) {
          overflow = true;
          lineLen = 0;
        } else {
          append(chunkPos, segment);
        }
      }
      chunkPos = newline < 0 ? chunkLen : newline + 1;
      if (newline >= 0) {
        if (overflow) {
          log.warn("Discarded an input line over {} bytes", maxLineBytes);
          shrink();
          return screen.tooLarge(maxLineBytes);
        }
        return verdictOnLine();
      }
    }
  }

  private int readChunk() throws IOException {
    int n;
    do {
      n = in.read(chunk, 0, chunk.length);
    } while (n == 0);
    return n;
  }

  private RequestScreen.Verdict verdictOnLine() {
    int length = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
    RequestScreen.Verdict verdict = screen.screen(line, length);
    shrink();
    return verdict;
  }

  private void append(int from, int count) {
    if (lineLen + count > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLen + count, Math.min(line.length * 2, maxLineBytes)));
    }
    System.arraycopy(chunk, from, line, lineLen, count);
    lineLen += count;
  }

  /** A one-off huge line should not pin its buffer for the rest of the session. */
  private void shrink() {
    if (line.length > 1024 * 1024) {
      line = new byte[INITIAL_LINE];
    }
  }

  private boolean reply(byte[] message) {
    try {
      synchronized (out) {
        out.writeUncounted(message);
        out.writeUncounted(NEWLINE);
        out.flush();
      }
      return true;
    } catch (IOException e) {
      log.debug("stdout is closed; ending the session", e);
      return false;
    }
  }

  /**
   * Input is over. The transport stops writing once it sees the end, so first give the requests already
   * forwarded a moment to be answered.
   */
  private void end() {
    if (!ended) {
      ended = true;
      try {
        if (!unanswered.awaitNone(drain)) {
          log.debug("Input ended with requests unanswered after {} ms", drain.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      onEnd.run();
    }
  }

  private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
