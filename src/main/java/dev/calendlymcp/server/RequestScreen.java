package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.transport.JsonRpcErrors;
import dev.calendlymcp.transport.MessageScreen;
import dev.calendlymcp.transport.Refusals;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Looks at every line a client sends before the SDK does, and decides whether to forward it,
 * answer it directly or drop it.
 *
 * <p>Why: the SDK's stdio transport ends the session on the first line it cannot read as a
 * JSON-RPC message, so a single bad line from a client would take the server down. Each line goes
 * through the {@link MessageScreen} that Streamable HTTP uses too; a bad one gets a JSON-RPC error
 * that says what is wrong, and the session goes on. Here the screen also answers {@code
 * tools/call} for tools this server does not offer (naming the reason: toolset off, read-only,
 * unknown) and routes {@code notifications/cancelled}, which the SDK does not handle.
 *
 * <p>Invariant: a forwarded message is what the SDK's own reading would make of the line (same
 * mapper, see {@link McpJson}; the message screen builds it from the parsed values after the same
 * checks), so the SDK need not read the line again.
 */
final class RequestScreen {

  /** What to do with one line. */
  sealed interface Verdict permits Forward, Answer, Drop {}

  /** Pass the message the line holds (a tool call tagged with its id) to the SDK. */
  record Forward(McpSchema.JSONRPCMessage message) implements Verdict {}

  /** Do not forward; write this JSON-RPC message back to the client. */
  record Answer(byte[] message) implements Verdict {}

  /** Do not forward and do not answer (blank lines, handled notifications). */
  record Drop() implements Verdict {}

  private static final String CANCELLED = "notifications/cancelled";

  private final McpJson json;
  private final MessageScreen messages;
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

  RequestScreen(McpJson json, MessageScreen messages, ToolCatalog catalog, InFlightCalls inFlight,
      PendingRequests pending) {
    this(json, messages, catalog, inFlight, pending, LocalRequests.NONE);
  }

  RequestScreen(McpJson json, MessageScreen messages, ToolCatalog catalog, InFlightCalls inFlight,
      PendingRequests pending, LocalRequests local) {
    this.json = json;
    this.messages = messages;
    this.catalog = catalog;
    this.inFlight = inFlight;
    this.pending = pending;
    this.local = local;
  }

  Verdict screen(byte[] buffer, int length) {
    if (isBlank(buffer, length)) {
      return new Drop();
    }
    Object value;
    try {
      value = json.mapper().readValue(buffer, 0, length, Object.class);
    } catch (StreamReadException e) {
      messages.refused(Refusals.Reason.PARSE_ERROR);
      return error(
          null,
          McpSchema.ErrorCodes.PARSE_ERROR,
          "Parse error: the line is not valid JSON"
              + (e.getLocation() == null ? "" : " (at character " + e.getLocation().getColumnNr() + ")")
              + ". Send one JSON-RPC 2.0 message per line.");
    } catch (JacksonException e) {
      messages.refused(Refusals.Reason.PARSE_ERROR);
      return error(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line could not be read as JSON.");
    }
    MessageScreen.Outcome outcome = messages.screen(value);
    if (outcome instanceof MessageScreen.Refused refused) {
      // JSON-RPC never answers a notification, not even with an error.
      return refused.notification() ? new Drop() : answer(refused.response());
    }
    McpSchema.JSONRPCMessage message = ((MessageScreen.Accepted) outcome).message();
    if (message instanceof McpSchema.JSONRPCNotification notice && CANCELLED.equals(notice.method())) {
      Object requestId = notice.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
      if (MessageScreen.isRequestId(requestId)) {
        inFlight.cancel(requestId);
      }
      return new Drop();
    }
    if (message instanceof McpSchema.JSONRPCRequest request) {
      if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
        return screenToolCall(request);
      }
      if (local.handles(request.method())) {
        return new Answer(json.mapper().writeValueAsBytes(local.answer(request)));
      }
      pending.forwarded();
    }
    return new Forward(message);
  }

  /** The answer to a line longer than the transport accepts (it was read and thrown away). */
  Answer tooLarge(int limitBytes) {
    messages.refused(Refusals.Reason.TOO_LARGE);
    return error(
        null,
        McpSchema.ErrorCodes.INVALID_REQUEST,
        "Invalid Request: the message is larger than " + (limitBytes / (1024 * 1024))
            + " MiB and was discarded. Send smaller arguments.");
  }

  /** A call the message screen passed: the tool must be on offer, and the call is tagged with its id. */
  private Verdict screenToolCall(McpSchema.JSONRPCRequest request) {
    Map<?, ?> params = (Map<?, ?>) request.params();
    String name = (String) params.get("name");
    if (catalog.find(name).isEmpty()) {
      return error(request.id(), McpSchema.ErrorCodes.INVALID_PARAMS, catalog.explainMissing(name));
    }
    Map<String, Object> tagged = new LinkedHashMap<>();
    params.forEach((key, value) -> tagged.put((String) key, value));
    Map<String, Object> meta = new LinkedHashMap<>();
    if (params.get("_meta") instanceof Map<?, ?> given) {
      given.forEach((key, value) -> meta.put((String) key, value));
    }
    meta.put(InFlightCalls.REQUEST_ID_META, request.id());
    tagged.put("_meta", meta);
    inFlight.opened(request.id());
    pending.forwarded();
    return new Forward(new McpSchema.JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), tagged));
  }

  private Answer error(Object id, int code, String text) {
    return answer(JsonRpcErrors.response(id, code, text, null));
  }

  private Answer answer(Map<String, Object> response) {
    return new Answer(json.mapper().writeValueAsBytes(response));
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
}
