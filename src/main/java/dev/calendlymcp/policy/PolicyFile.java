package dev.calendlymcp.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A policy file, YAML, read once at start-up (docs/policy.md has the format). Either one policy at
 * the top level ({@code grants}, {@code lockdown}), or named {@code profiles} of which {@code
 * --profile} picks one; either may have a {@code ceiling} that no policy exceeds. Anything the file
 * does not say is denied. A mistake stops start-up with the line it is on: a policy that loads
 * differently from what its author meant would grant or deny the wrong things silently.
 */
public final class PolicyFile {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .addHandler(new DeserializationProblemHandler() {
        // Jackson's own error for an unknown key comes without its line; this one is raised where it is.
        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            ValueDeserializer<?> deserializer, Object beanOrClass, String name) {
          throw DatabindException.from(parser, "unknown key '" + PolicyText.clip(name) + "'; a policy file has "
              + "grants, lockdown, profiles and ceiling (a profile or the ceiling: grants and lockdown)");
        }
      })
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /** What a file yields for one run: the policy, and the organization's ceiling if it sets one. */
  public record Loaded(Policy policy, Optional<Policy> ceiling) {}

  /** A policy file that cannot be used; the message names the file, the line and the fix. */
  public static final class InvalidPolicyFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidPolicyFileException(String message) {
      super(message);
    }
  }

  /**
   * One policy as written. Classes with fields rather than records: Jackson then reads keys as it
   * meets them, so an unknown one is reported at its own line.
   */
  static class Section {
    @JsonDeserialize(keyUsing = ResourceKeys.class)
    public Map<ResourceName, GrantText> grants;

    public Boolean lockdown;

    Policy toPolicy(String where) {
      Policy policy = Policy.denyAll();
      if (grants != null) {
        for (Map.Entry<ResourceName, GrantText> grant : grants.entrySet()) {
          if (grant.getValue() == null) {
            throw new InvalidPolicyFileException(where + ": " + grant.getKey().resource().wireName()
                + " has no level; write none, read, write or full (write and full may end in +ask)");
          }
          policy = policy.with(grant.getKey().resource(), grant.getValue().grant());
        }
      }
      return policy.withLockdown(Boolean.TRUE.equals(lockdown));
    }
  }

  static final class Document extends Section {
    public Map<String, Section> profiles;
    public Section ceiling;
  }

  record ResourceName(PolicyResource resource) {}

  /** A resource as a key of {@code grants}; a wrong one fails with our message at its line. */
  static final class ResourceKeys extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext context) {
      try {
        return new ResourceName(PolicyResource.fromWire(key));
      } catch (IllegalArgumentException e) {
        throw DatabindException.from(context.getParser(), e.getMessage());
      }
    }
  }

  record GrantText(ResourceGrant grant) {
    @JsonCreator
    static GrantText of(String text) {
      return new GrantText(ResourceGrant.parse(text));
    }
  }

  private PolicyFile() {}

  /**
   * @param profile the profile to use; required when the file has profiles, refused when it has none
   * @throws InvalidPolicyFileException naming the file, and the line when the mistake has one
   */
  public static Loaded load(Path file, String profile) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidPolicyFileException("cannot read the policy file " + file + ": " + e.getClass().getSimpleName());
    }
    return parse(text, file.toString(), profile);
  }

  static Loaded parse(String yaml, String source, String profile) {
    Document document;
    try (JsonParser parser = YAML.createParser(yaml)) {
      try {
        document = YAML.readValue(parser, Document.class);
      } catch (JacksonException e) {
        throw new InvalidPolicyFileException("policy file " + source + where(located(e, parser)) + ": " + explain(e));
      }
    }
    if (document == null) {
      throw new InvalidPolicyFileException("policy file " + source + " is empty; it needs grants or profiles");
    }
    String in = "policy file " + source;
    Optional<Policy> ceiling = Optional.ofNullable(document.ceiling).map(section -> section.toPolicy(in + ", ceiling"));
    boolean topLevel = document.grants != null || document.lockdown != null;
    if (document.profiles != null) {
      if (topLevel) {
        throw new InvalidPolicyFileException(in + " has both top-level grants and profiles; put the grants in a profile");
      }
      if (profile == null) {
        throw new InvalidPolicyFileException(in + " has profiles (" + String.join(", ", new TreeSet<>(document.profiles.keySet()))
            + "); pick one with --profile NAME");
      }
      Section chosen = document.profiles.get(profile);
      if (chosen == null) {
        throw new InvalidPolicyFileException(in + " has no profile '" + PolicyText.clip(profile) + "'; it has: "
            + String.join(", ", new TreeSet<>(document.profiles.keySet())));
      }
      return new Loaded(chosen.toPolicy(in + ", profile " + profile), ceiling);
    }
    if (profile != null) {
      throw new InvalidPolicyFileException(in + " has no profiles; drop --profile or add a profiles section");
    }
    if (!topLevel && ceiling.isEmpty()) {
      throw new InvalidPolicyFileException(in + " grants nothing; it needs grants or profiles");
    }
    return new Loaded(document.toPolicy(in), ceiling);
  }

  /** Reads a file holding one policy (top-level grants) as the organization's ceiling. */
  public static Policy loadCeiling(Path file) {
    Loaded loaded = load(file, null);
    return loaded.ceiling().map(loaded.policy()::cappedBy).orElse(loaded.policy());
  }

  /** Some mistakes (an unknown key) carry no location of their own; the parser still knows where it was. */
  private static TokenStreamLocation located(JacksonException e, JsonParser parser) {
    TokenStreamLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return parser.currentTokenLocation();
    }
    return location;
  }

  private static String where(TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return ", line " + location.getLineNr() + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "");
  }

  /** Our own message when a resource or level was wrong, else Jackson's without the location. */
  private static String explain(JacksonException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException mistake && !(cause instanceof JacksonException)) {
        return mistake.getMessage();
      }
    }
    String message = e.getOriginalMessage();
    return message == null ? "not valid YAML" : firstLine(message);
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
