package dev.calendlymcp.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch of its process: environment and standard streams. Passed in rather than
 * read from {@code System} so that tests run commands with their own.
 *
 * @param env environment variables
 * @param in standard input
 * @param out standard output as raw bytes (the stdio protocol's channel)
 * @param err standard error (messages and logs)
 * @param processStreams true when these are the process's real streams, which the stdio server
 *     then guards (see {@link StdioRunner})
 */
record Console(Map<String, String> env, InputStream in, OutputStream out, PrintStream err, boolean processStreams) {

  static Console system() {
    // Raw stdout rather than System.out: a PrintStream swallows write errors, so a client that
    // went away would go unnoticed.
    return new Console(
        System.getenv(),
        System.in,
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024),
        System.err,
        true);
  }

  /**
   * Whether a person is likely watching: the process's own streams, attached to a terminal (Java
   * tells only of stdin and stdout together), and a terminal that understands a carriage return.
   */
  boolean atTerminal() {
    return processStreams && System.console() != null && !"dumb".equals(env.get("TERM"));
  }
}
