package dev.calendlymcp.server;

import dev.calendlymcp.testing.NoBlockingCalls;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link HttpServerTest} (the server with {@code --auth none}) again, with BlockHound watching. */
@ExtendWith(NoBlockingCalls.class)
class HttpServerNonBlockingTest extends HttpServerTest {}
