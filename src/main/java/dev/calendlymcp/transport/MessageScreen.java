package dev.calendlymcp.transport;

import dev.calendlymcp.transport.Refusals.Reason;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one check every client message passes before the SDK sees it, on stdio and on Streamable
 * HTTP alike: one JSON-RPC object, an id the SDK can hold, strings short enough to echo and keep,
 * and params of the shape the SDK's handlers convert them to.
 *
 * <p>Why: the SDK answers a message it cannot convert with the exception's text (naming its
 * internal classes) and a WARN stack trace, or not at all: a {@code tools/call} with params of
 * the wrong shape ends its stream without an answer, and on stdio a line it cannot read (an id
 * above 2^63-1) ends the session. Here each of those gets a JSON-RPC error with a fixed message,
 * one DEBUG line, and the session goes on.
 *
 * <p>Invariant: an {@link Accepted} message is the SDK's own conversion of the input (same
 * mapper), so the SDK never meets a message it cannot read.
 */
public final class MessageScreen {

  private static final Logger log = LoggerFactory.getLogger(MessageScreen.class);

  private static final List<String> LOGGING_LEVELS = Arrays.stream(McpSchema.LoggingLevel.values())
      .map(level -> level.name().toLowerCase(Locale.ROOT))
      .toList();

  private static final String BAD_ID =
      "Invalid Request: id must be a string or a signed 64-bit integer (no fraction or exponent).";
  private static final String BAD_INITIALIZE = "Invalid params: initialize takes protocolVersion (a string),"
      + " capabilities (an object) and clientInfo (an object with a name and a version).";

  /** What becomes of a message. */
  public sealed interface Outcome permits Accepted, Refused {}

  /** The message passed, converted to the SDK's type. */
  public record Accepted(McpSchema.JSONRPCMessage message) implements Outcome {}

  /**
   * The message is refused with a JSON-RPC error.
   *
   * @param id the id to answer with: the request's, or null when it has none the client could
   *     match (no id, or one that is itself refused), as JSON-RPC asks
   * @param notification whether the message was a notification, which JSON-RPC never answers
   */
  public record Refused(Object id, int code, String message, boolean notification) implements Outcome {

    /** The JSON-RPC error response carrying this refusal. */
    public Map<String, Object> response() {
      return JsonRpcErrors.response(id, code, message, null);
    }
  }

  private final McpJsonMapper mapper;
  private final MessageLimits limits;
  private final Refusals refusals;

  public MessageScreen(McpJsonMapper mapper, MessageLimits limits, Refusals refusals) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  /** Whether {@code id} can name a request: a string, or an integer the SDK holds (a long). */
  public static boolean isRequestId(Object id) {
    return id instanceof String || id instanceof Integer || id instanceof Long;
  }

  /** Counts a refusal made outside the screen (a body too large, a session over the limit). */
  public void refused(Reason reason) {
    refusals.count(reason);
    log.debug("Refused a client message: {}", reason);
  }

  /**
   * Screens one message, as read from JSON into plain values (maps, lists, strings, numbers) by
   * the same mapper as the SDK's.
   */
  public Outcome screen(Object value) {
    if (value instanceof List) {
      return refuse(Reason.INVALID_REQUEST, null, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: batches are not supported (MCP 2025-11-25 removed them); send one JSON-RPC message at a"
              + " time.");
    }
    if (!(value instanceof Map<?, ?> message)) {
      return refuse(Reason.INVALID_REQUEST, null, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: a message must be one JSON-RPC object.");
    }
    boolean hasId = message.containsKey("id");
    Object id = message.get("id");
    if (hasId) {
      if (id instanceof String text && text.length() > limits.maxIdLength()) {
        return refuse(Reason.ID_TOO_LONG, null, ErrorCodes.INVALID_REQUEST,
            "Invalid Request: id is longer than " + limits.maxIdLength() + " characters.");
      }
      if (!isRequestId(id)) {
        return refuse(Reason.INVALID_ID, null, ErrorCodes.INVALID_REQUEST, BAD_ID);
      }
    }
    if (!McpSchema.JSONRPC_VERSION.equals(message.get("jsonrpc"))) {
      return refuse(Reason.INVALID_REQUEST, id, ErrorCodes.INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\".");
    }
    if (!message.containsKey("method")) {
      return screenResponse(message, id);
    }
    if (!(message.get("method") instanceof String method) || method.isEmpty()) {
      return refuse(Reason.INVALID_REQUEST, id, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: method must be a non-empty string.");
    }
    if (method.length() > limits.maxMethodLength()) {
      return refuse(Reason.METHOD_TOO_LONG, id, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: method is longer than " + limits.maxMethodLength() + " characters; no method has such a"
              + " name.");
    }
    Object params = message.get("params");
    if (params != null && !(params instanceof Map)) {
      return hasId
          ? refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS, "Invalid params: params must be an object.")
          : refuseNotification("Invalid params: params must be an object.");
    }
    if (!hasId) {
      return build(() -> new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params), null, "notification");
    }
    Refused refused = switch (method) {
      case McpSchema.METHOD_TOOLS_CALL -> screenToolCall(id, (Map<?, ?>) params);
      case McpSchema.METHOD_INITIALIZE -> screenInitialize(id, (Map<?, ?>) params);
      case McpSchema.METHOD_LOGGING_SET_LEVEL -> screenSetLevel(id, (Map<?, ?>) params);
      default -> null;
    };
    return refused != null ? refused
        : build(() -> new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params), id, "request");
  }

  private Refused screenToolCall(Object id, Map<?, ?> params) {
    if (params == null) {
      return refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS,
          "Invalid params: tools/call needs params with the tool's name and its arguments.");
    }
    if (!(params.get("name") instanceof String name) || name.isEmpty()) {
      return refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS,
          "Invalid params: params.name must be the tool's name as a string; call tools/list to see them.");
    }
    if (name.length() > limits.maxToolNameLength()) {
      return refuse(Reason.TOOL_NAME_TOO_LONG, id, ErrorCodes.INVALID_PARAMS,
          "Invalid params: params.name is longer than " + limits.maxToolNameLength() + " characters; no tool has such"
              + " a name. Call tools/list to see them.");
    }
    Object arguments = params.get("arguments");
    if (arguments != null && !(arguments instanceof Map)) {
      return refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS,
          "Invalid params: params.arguments must be an object of argument names to values.");
    }
    Object meta = params.get("_meta");
    if (meta != null && !(meta instanceof Map)) {
      return refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS, "Invalid params: params._meta must be an object.");
    }
    Object token = meta == null ? null : ((Map<?, ?>) meta).get("progressToken");
    boolean tokenOk = token == null || token instanceof Integer || token instanceof Long
        || token instanceof String text && text.length() <= limits.maxIdLength();
    if (!tokenOk) {
      return refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS,
          "Invalid params: params._meta.progressToken must be an integer or a string of at most "
              + limits.maxIdLength() + " characters.");
    }
    return null;
  }

  private Refused screenInitialize(Object id, Map<?, ?> params) {
    boolean shaped = params != null
        && params.get("protocolVersion") instanceof String
        && params.get("capabilities") instanceof Map
        && params.get("clientInfo") instanceof Map<?, ?> clientInfo
        && clientInfo.get("name") instanceof String
        && clientInfo.get("version") instanceof String
        && converts(params, McpSchema.InitializeRequest.class);
    return shaped ? null : refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS, BAD_INITIALIZE);
  }

  private Refused screenSetLevel(Object id, Map<?, ?> params) {
    boolean known = params != null && params.get("level") instanceof String level && LOGGING_LEVELS.contains(level);
    return known ? null : refuse(Reason.INVALID_PARAMS, id, ErrorCodes.INVALID_PARAMS,
        "Invalid params: logging/setLevel takes level, one of " + String.join(", ", LOGGING_LEVELS) + ".");
  }

  /** A client's answer to a server request (ping, elicitation), checked as the SDK will read it. */
  private Outcome screenResponse(Map<?, ?> message, Object id) {
    Object error = message.get("error");
    if (!message.containsKey("result") && error == null) {
      return refuse(Reason.INVALID_REQUEST, id, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: a message needs a method (request or notification) or a result or error (response).");
    }
    if (id == null) {
      return refuse(Reason.INVALID_REQUEST, null, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: a response needs the id of its request.");
    }
    if (error != null && !(error instanceof Map<?, ?> body
        && (body.get("code") instanceof Integer) && body.get("message") instanceof String)) {
      return refuse(Reason.INVALID_REQUEST, id, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: error must be an object with an integer code and a string message.");
    }
    return build(() -> mapper.convertValue(message, McpSchema.JSONRPCResponse.class), id, "response");
  }

  /**
   * The SDK's type of the message, or a refusal when it cannot be made. A response is converted
   * (its error becomes the SDK's record); requests and notifications are made from the parsed values
   * directly: the checks above are all the SDK's conversion makes of their fields (its records
   * ignore unknown ones), and converting copied the whole message, params and all, once per call.
   */
  private Outcome build(Supplier<McpSchema.JSONRPCMessage> message, Object id, String kind) {
    try {
      return new Accepted(message.get());
    } catch (RuntimeException e) {
      return refuse(Reason.INVALID_REQUEST, id, ErrorCodes.INVALID_REQUEST,
          "Invalid Request: the message does not have the shape of a JSON-RPC " + kind + ".");
    }
  }

  private boolean converts(Object value, Class<?> type) {
    try {
      return mapper.convertValue(value, type) != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Refused refuse(Reason reason, Object id, int code, String message) {
    refused(reason);
    return new Refused(id, code, message, false);
  }

  private Refused refuseNotification(String message) {
    refused(Reason.INVALID_PARAMS);
    return new Refused(null, ErrorCodes.INVALID_PARAMS, message, true);
  }
}
