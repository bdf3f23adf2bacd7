package dev.calendlymcp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The build's version, stamped by Maven into the jar's manifest and into a resource, so that it never
 * drifts from the pom.
 */
public final class Version {

  private Version() {}

  public static String current() {
    // From the jar's manifest, which the JVM has already read (or, with a start-up archive, kept in
    // it): looking up the resource below would open the jar, a central directory of thousands of
    // entries, at every start (docs/startup.md). Classes run from a folder (tests) have no manifest.
    String stamped = Version.class.getPackage().getImplementationVersion();
    if (stamped != null) {
      return stamped;
    }
    try (InputStream in = Version.class.getResourceAsStream("/calendly-mcp-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds {@code --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"calendly-mcp " + current()};
    }
  }
}
