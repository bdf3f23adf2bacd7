package dev.calendlymcp.sandbox;

/**
 * An extension installed when the sandbox starts, before it serves its first request: how tests
 * and tools add routes and state without changing the core. (OAuth and webhook delivery are
 * built in.)
 */
@FunctionalInterface
public interface SandboxModule {

  /** Adds routes and state; called once. */
  void install(SandboxServices services);
}
