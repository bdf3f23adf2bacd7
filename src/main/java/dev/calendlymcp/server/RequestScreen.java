package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolCatalog;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Looks at every line a client sends before the SDK does, and decides whether to forward it,
 * answer it directly or drop it.
 *
 * <p>Why: the SDK's stdio transport ends the session on the first line it cannot read as a
 * JSON-RPC message, so a single bad line from a client would take the server down. Here each bad
 * line gets a JSON-RPC error that says what is wrong, and the session goes on. The screen also
 * answers {@code tools/call} for tools this server does not offer (naming the reason: toolset off,
 * read-only, unknown) and routes {@code notifications/cancelled}, which the SDK does not handle.
 *
 * <p>Invariant: a forwarded line is one the SDK can turn into a message (same mapper, see {@link
 * McpJson}; the shape checks below mirror the SDK's message records).
 */
final class RequestScreen {

  /** What to do with one line. */
  sealed interface Verdict permits Forward, Answer, Drop {}

  /** Pass the line (possibly rewritten) to the SDK. */
  record Forward(byte[] line) implements Verdict {}

  /** Do not forward; write this JSON-RPC message back to the client. */
  record Answer(byte[] message) implements Verdict {}

  /** Do not forward and do not answer (blank lines, handled notifications). */
  record Drop() implements Verdict {}

  private static final String TOOLS_CALL = McpSchema.METHOD_TOOLS_CALL;
  private static final String CANCELLED = "notifications/cancelled";

  private final McpJson json;
  private final ToolCatalog catalog;
  private final InFlightCalls inFlight;
  private final PendingRequests pending;
  private final LocalRequests local;

  /**
   * Requests the server answers itself rather than through the SDK (on HTTP, a {@link
   * dev.calendlymcp.transport.RequestInterceptor} does the same).
   */
  interface LocalRequests {
    LocalRequests NONE = new LocalRequests() {
      @Override
      public boolean handles(String method) {
        return false;
      }

      @Override
      public McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request) {
        throw new IllegalStateException("handles nothing");
      }
    };

    boolean handles(String method);

    McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request);
  }

  RequestScreen(McpJson json, ToolCatalog catalog, InFlightCalls inFlight, PendingRequests pending) {
    this(json, catalog, inFlight, pending, LocalRequests.NONE);
  }

  RequestScreen(McpJson json, ToolCatalog catalog, InFlightCalls inFlight, PendingRequests pending, LocalRequests local) {
    this.json = json;
    this.catalog = catalog;
    this.inFlight = inFlight;
    this.pending = pending;
    this.local = local;
  }

  Verdict screen(byte[] buffer, int length) {
    if (isBlank(buffer, length)) {
      return new Drop();
    }
    JsonNode message;
    try {
      message = json.mapper().readTree(buffer, 0, length);
    } catch (StreamReadException e) {
      return error(
          null,
          McpSchema.ErrorCodes.PARSE_ERROR,
          "Parse error: the line is not valid JSON"
              + (e.getLocation() == null ? "" : " (at character " + e.getLocation().getColumnNr() + ")")
              + ". Send one JSON-RPC 2.0 message per line.");
    } catch (JacksonException e) {
      return error(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line could not be read as JSON.");
    }
    if (message == null || !message.isObject()) {
      return error(
          null,
          McpSchema.ErrorCodes.INVALID_REQUEST,
          "Invalid Request: each line must hold one JSON-RPC object; batches and bare values are not accepted.");
    }
    return screenMessage((ObjectNode) message, buffer, length);
  }

  /** The answer to a line longer than the transport accepts (it was read and thrown away). */
  Answer tooLarge(int limitBytes) {
    return error(
        null,
        McpSchema.ErrorCodes.INVALID_REQUEST,
        "Invalid Request: the message is larger than " + (limitBytes / (1024 * 1024))
            + " MiB and was discarded. Send smaller arguments.");
  }

  private Verdict screenMessage(ObjectNode message, byte[] buffer, int length) {
    JsonNode id = message.get("id");
    boolean hasId = message.has("id");
    if (hasId && !validId(id)) {
      return error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: id must be a string or an integer.");
    }
    JsonNode echoId = hasId ? id : null;
    if (!"2.0".equals(textOrNull(message.get("jsonrpc")))) {
      return error(echoId, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\".");
    }
    if (!message.has("method")) {
      return screenResponse(message, echoId, buffer, length);
    }
    JsonNode method = message.get("method");
    if (!method.isString() || method.asString().isEmpty()) {
      return error(echoId, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: method must be a non-empty string.");
    }
    JsonNode params = message.get("params");
    if (params != null && !params.isNull() && !params.isObject()) {
      return hasId
          ? error(echoId, McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: params must be an object.")
          : new Drop();
    }
    String name = method.asString();
    if (!hasId) {
      if (CANCELLED.equals(name)) {
        JsonNode requestId = params == null ? null : params.get("requestId");
        if (validId(requestId)) {
          inFlight.cancel(requestId);
        }
        return new Drop();
      }
      return new Forward(line(message, buffer, length));
    }
    if (TOOLS_CALL.equals(name)) {
      return screenToolCall(message, id, params);
    }
    if (local.handles(name)) {
      McpSchema.JSONRPCRequest request = json.mapper().treeToValue(message, McpSchema.JSONRPCRequest.class);
      return new Answer(json.mapper().writeValueAsBytes(local.answer(request)));
    }
    pending.forwarded();
    return new Forward(line(message, buffer, length));
  }

  private Verdict screenToolCall(ObjectNode message, JsonNode id, JsonNode params) {
    if (params == null || !params.isObject()) {
      return error(id, McpSchema.ErrorCodes.INVALID_PARAMS,
          "Invalid params: tools/call needs params with the tool's name and its arguments.");
    }
    JsonNode name = params.get("name");
    if (name == null || !name.isString() || name.asString().isEmpty()) {
      return error(id, McpSchema.ErrorCodes.INVALID_PARAMS,
          "Invalid params: params.name must be the tool's name as a string; call tools/list to see them.");
    }
    JsonNode arguments = params.get("arguments");
    if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
      return error(id, McpSchema.ErrorCodes.INVALID_PARAMS,
          "Invalid params: params.arguments must be an object of argument names to values.");
    }
    JsonNode meta = params.get("_meta");
    if (meta != null && !meta.isNull() && !meta.isObject()) {
      return error(id, McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: params._meta must be an object.");
    }
    if (catalog.find(name.asString()).isEmpty()) {
      return error(id, McpSchema.ErrorCodes.INVALID_PARAMS, catalog.explainMissing(name.asString()));
    }
    ObjectNode tagged = meta == null || meta.isNull() ? ((ObjectNode) params).putObject("_meta") : (ObjectNode) meta;
    tagged.set(InFlightCalls.REQUEST_ID_META, id);
    inFlight.opened(id);
    pending.forwarded();
    return new Forward(json.mapper().writeValueAsBytes(message));
  }

  /** A client's answer to a server request (ping, elicitation): checked as the SDK will read it. */
  private Verdict screenResponse(ObjectNode message, JsonNode id, byte[] buffer, int length) {
    boolean hasResult = message.has("result");
    JsonNode error = message.get("error");
    if (!hasResult && error == null) {
      return error(id, McpSchema.ErrorCodes.INVALID_REQUEST,
          "Invalid Request: a message needs a method (request or notification) or a result or error (response).");
    }
    if (id == null) {
      return error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: a response needs the id of its request.");
    }
    if (error != null && !(error.isObject()
        && error.path("code").isIntegralNumber() && error.path("code").canConvertToInt()
        && error.path("message").isString())) {
      return error(id, McpSchema.ErrorCodes.INVALID_REQUEST,
          "Invalid Request: error must be an object with an integer code and a string message.");
    }
    return new Forward(line(message, buffer, length));
  }

  private static boolean validId(JsonNode id) {
    return id != null && (id.isString() || id.isIntegralNumber());
  }

  private Answer error(JsonNode id, int code, String text) {
    ObjectNode reply = JsonNodeFactory.instance.objectNode();
    reply.put("jsonrpc", "2.0");
    if (id == null) {
      reply.putNull("id");
    } else {
      reply.set("id", id);
    }
    ObjectNode error = reply.putObject("error");
    error.put("code", code);
    error.put("message", text);
    return new Answer(json.mapper().writeValueAsBytes(reply));
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  private static boolean isBlank(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      byte b = buffer[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * The line to forward: as received, unless it holds a carriage return. JSON allows one between
   * tokens, but the SDK's reader ends a line at it and would lose the session over the halves, so
   * such a message is forwarded re-serialized (which writes no raw whitespace).
   */
  private byte[] line(ObjectNode message, byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      if (buffer[i] == '\r') {
        return json.mapper().writeValueAsBytes(message);
      }
    }
    byte[] line = new byte[length];
    System.arraycopy(buffer, 0, line, 0, length);
    return line;
  }
}
