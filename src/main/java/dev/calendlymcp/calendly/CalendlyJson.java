package dev.calendlymcp.calendly;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calendly's JSON conventions in one place: snake_case names, unknown fields ignored (Calendly adds
 * fields without notice), enums as lower-case strings with unknown values read as {@code UNKNOWN},
 * absent values left out of request bodies, ISO-8601 timestamps.
 */
public final class CalendlyJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_ABSENT))
          .build();

  private CalendlyJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  private record Parametric(Class<?> wrapper, Class<?> item) {}

  /** Every {@code wrapper<item>} the client reads, each built once: the calls' classes are fixed. */
  private static final ConcurrentMap<Parametric, JavaType> PARAMETRIC = new ConcurrentHashMap<>();

  /**
   * {@code wrapper<item>}, e.g. {@code Page<EventType>}. Kept: building it again took a lookup in
   * Jackson's type cache and a few objects on every request.
   */
  static JavaType type(Class<?> wrapper, Class<?> item) {
    return PARAMETRIC.computeIfAbsent(new Parametric(wrapper, item),
        key -> MAPPER.getTypeFactory().constructParametricType(key.wrapper(), key.item()));
  }

  static JavaType type(Class<?> raw) {
    return MAPPER.constructType(raw);
  }

  static byte[] write(Object body) {
    return MAPPER.writeValueAsBytes(body);
  }

  /**
   * Reads a success body. Jackson's own messages can quote the body (which may hold a token), so
   * the error names only the position or field that failed.
   */
  static <T> T read(Endpoint endpoint, int status, byte[] body, JavaType type) {
    if (body.length == 0) {
      throw new CalendlyException.MalformedResponse(endpoint, status, "the body is empty", null);
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw new CalendlyException.MalformedResponse(endpoint, status, "the body is JSON null", null);
      }
      return value;
    } catch (JacksonException e) {
      throw new CalendlyException.MalformedResponse(endpoint, status, describe(e), null);
    }
  }

  private static String describe(JacksonException e) {
    if (e instanceof StreamReadException && !(e instanceof DatabindException)) {
      TokenStreamLocation at = e.getLocation();
      return at == null
          ? "not valid JSON"
          : "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    String path = e.getPathReference();
    return "unexpected JSON shape" + (path == null || path.isBlank() ? "" : " at " + shortPath(path));
  }

  private static String shortPath(String pathReference) {
    // Jackson writes e.g. "dev.calendlymcp.calendly.Envelope["resource"]->...User["uri"]";
    // the field names are what helps, not our class names.
    return pathReference.replaceAll("[\\w.$]+\\[", "[").replace("->", "");
  }

  /** Turns an error status and its body into the matching exception. */
  static CalendlyException.ApiError error(Endpoint endpoint, CalendlyHttp.RawResponse response) {
    JsonNode body = tryParse(response.body());
    int status = response.status();
    if (endpoint.host() == Endpoint.Host.AUTH && body != null && body.hasNonNull("error")) {
      return new CalendlyException.OAuthError(
          endpoint, status, text(body, "error"), text(body, "error_description"));
    }
    String title = body == null ? null : text(body, "title");
    String message = body == null ? null : text(body, "message");
    if (title == null && message == null) {
      message = response.body().length == 0 ? "empty body" : "the error body was not Calendly's JSON";
    }
    return switch (status) {
      case 400, 422 -> new CalendlyException.BadRequest(endpoint, title, message, details(body));
      case 401 -> new CalendlyException.Unauthenticated(endpoint, title, message);
      case 403 -> new CalendlyException.PermissionDenied(endpoint, title, message);
      case 404 -> new CalendlyException.NotFound(endpoint, title, message);
      case 409 -> new CalendlyException.Conflict(endpoint, title, message);
      case 429 ->
          new CalendlyException.RateLimited(
              endpoint,
              title,
              message,
              RateLimitHeaders.parse(response.headers()::get));
      default ->
          status >= 500
              ? new CalendlyException.ServerError(endpoint, status, title, message)
              : new CalendlyException.UnexpectedStatus(endpoint, status, title, message);
    };
  }

  private static List<CalendlyException.FieldError> details(JsonNode body) {
    List<CalendlyException.FieldError> out = new ArrayList<>();
    if (body != null && body.path("details").isArray()) {
      for (JsonNode detail : body.path("details")) {
        out.add(new CalendlyException.FieldError(text(detail, "parameter"), text(detail, "message")));
      }
    }
    return out;
  }

  private static JsonNode tryParse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
