package dev.calendlymcp.server;

import dev.calendlymcp.testing.NoBlockingCalls;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link NewerToolsetsOverMcpTest} (tool calls over the stdio transport against the sandbox) again,
 * with BlockHound watching: the transport writes an answer on the thread that completes it only
 * when that thread may block, never on an event loop.
 */
@ExtendWith(NoBlockingCalls.class)
class StdioNonBlockingTest extends NewerToolsetsOverMcpTest {}
