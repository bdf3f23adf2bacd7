package dev.calendlymcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a POST body into one JSON-RPC message, or says precisely why it is not one. Stricter than
 * the SDK's own reader, which guesses a kind from whichever keys are present and echoes the body in
 * its error.
 */
final class JsonRpcMessages {

  private JsonRpcMessages() {}

  static McpSchema.JSONRPCMessage parse(McpJsonMapper mapper, byte[] body) throws InvalidMessageException {
    Object value;
    try {
      value = mapper.readValue(body, Object.class);
    } catch (IOException | RuntimeException e) {
      // Jackson 3 throws unchecked exceptions; either way the body is not JSON.
      throw new InvalidMessageException(ErrorCodes.PARSE_ERROR, "Parse error: the body is not valid JSON");
    }
    if (value instanceof List) {
      throw invalid("Batches are not supported (MCP 2025-11-25 removed them): send one JSON-RPC message per POST");
    }
    if (!(value instanceof Map<?, ?> message)) {
      throw invalid("Invalid request: the body must be one JSON-RPC message (a JSON object)");
    }
    if (!McpSchema.JSONRPC_VERSION.equals(message.get("jsonrpc"))) {
      throw invalid("Invalid request: \"jsonrpc\" must be \"2.0\"");
    }
    if (message.containsKey("method")) {
      if (!(message.get("method") instanceof String)) {
        throw invalid("Invalid request: \"method\" must be a string");
      }
      if (!message.containsKey("id")) {
        return convert(mapper, message, McpSchema.JSONRPCNotification.class);
      }
      requireId(message.get("id"));
      return convert(mapper, message, McpSchema.JSONRPCRequest.class);
    }
    if (message.containsKey("result") || message.containsKey("error")) {
      requireId(message.get("id"));
      return convert(mapper, message, McpSchema.JSONRPCResponse.class);
    }
    throw invalid("Invalid request: a JSON-RPC message needs \"method\", \"result\" or \"error\"");
  }

  private static void requireId(Object id) throws InvalidMessageException {
    boolean integer = id instanceof Integer || id instanceof Long || id instanceof BigInteger;
    if (!(id instanceof String) && !integer) {
      throw invalid("Invalid request: \"id\" must be a string or an integer");
    }
  }

  private static <T extends McpSchema.JSONRPCMessage> T convert(McpJsonMapper mapper, Map<?, ?> message, Class<T> type)
      throws InvalidMessageException {
    try {
      return mapper.convertValue(message, type);
    } catch (RuntimeException e) {
      String kind = type.getSimpleName().replace("JSONRPC", "").toLowerCase(Locale.ROOT);
      throw invalid("Invalid request: the message does not have the shape of a JSON-RPC " + kind);
    }
  }

  private static InvalidMessageException invalid(String message) {
    return new InvalidMessageException(ErrorCodes.INVALID_REQUEST, message);
  }
}
