package dev.calendlymcp.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory byte pipe between threads. Unlike {@link java.io.PipedInputStream}, it does not
 * fail when the thread that last wrote has ended, which Reactor's threads routinely do.
 */
final class Pipe {

  private static final byte[] END = new byte[0];

  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  InputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  private final class Out extends OutputStream {
    private volatile boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("pipe closed");
      }
      if (length > 0) {
        chunks.add(Arrays.copyOfRange(bytes, offset, offset + length));
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        chunks.add(END);
      }
    }
  }

  private final class In extends InputStream {
    private byte[] current;
    private int position;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (current == null || position == current.length) {
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException();
        }
        position = 0;
        if (current == END) {
          chunks.add(END);
          return -1;
        }
      }
      int n = Math.min(length, current.length - position);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return current == null || current == END ? 0 : current.length - position;
    }
  }
}
