package dev.calendlymcp.transport;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON-RPC error responses as plain values, ready to write. The SDK's response type cannot hold
 * the null id that JSON-RPC prescribes for a message whose id could not be read.
 */
public final class JsonRpcErrors {

  private JsonRpcErrors() {}

  /** An error response; {@code id} and {@code data} may be null (a null data is left out). */
  public static Map<String, Object> response(Object id, int code, String message, Object data) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.put("data", data);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
    response.put("id", id);
    response.put("error", error);
    return response;
  }
}
