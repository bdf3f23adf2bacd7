package dev.calendlymcp.sandbox.http;

/** Answers one request. Handlers run on a worker thread, under the store lock their route asks for. */
@FunctionalInterface
public interface Handler {

  /**
   * Answers {@code request}.
   *
   * @throws ApiException for every error answer
   */
  ApiResponse handle(ApiRequest request);
}
