package dev.calendlymcp.cli;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Opens a URL in the user's browser with the platform's own opener, not java.awt.Desktop (which
 * loads AWT and fails on headless JDKs). The URL is an argument, never a shell string.
 */
final class Browser {

  private Browser() {}

  /** @return whether an opener was started; the caller has printed the URL either way */
  static boolean open(URI url) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command = os.startsWith("mac")
        ? List.of("open", url.toString())
        : os.startsWith("windows")
            ? List.of("rundll32", "url.dll,FileProtocolHandler", url.toString())
            : List.of("xdg-open", url.toString());
    try {
      new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
