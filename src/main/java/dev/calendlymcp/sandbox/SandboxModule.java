package dev.calendlymcp.sandbox;

/**
 * An extension installed when the sandbox starts, before it serves its first request: how OAuth
 * (and later other features) add routes without changing the core.
 */
@FunctionalInterface
public interface SandboxModule {

  /** Adds routes and state; called once. */
  void install(SandboxServices services);
}
