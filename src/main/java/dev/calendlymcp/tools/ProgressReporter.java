package dev.calendlymcp.tools;

import reactor.core.publisher.Mono;

/**
 * Tells the client how far a long tool call has got ({@code notifications/progress}). A no-op when
 * the client did not ask for progress, so handlers report without checking.
 */
@FunctionalInterface
public interface ProgressReporter {

  ProgressReporter NONE = (progress, total, message) -> Mono.empty();

  /**
   * @param progress how much is done; must grow with each report
   * @param total how much there is in all, or null when unknown
   * @param message a short human-readable status, or null
   */
  Mono<Void> report(double progress, Double total, String message);
}
