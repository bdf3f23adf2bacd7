package dev.calendlymcp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version, stamped into a resource by Maven so that it never drifts from the pom. */
public final class Version {

  private Version() {}

  public static String current() {
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
