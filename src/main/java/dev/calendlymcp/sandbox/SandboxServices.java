package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.api.Views;
import dev.calendlymcp.sandbox.auth.TokenStore;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.Ids;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.Uris;
import java.time.Clock;

/**
 * What a {@link SandboxModule} gets to work with: the router to add its routes to, the model, the
 * token store, and the sandbox's clock, ids and URIs.
 *
 * @param router add routes here; {@code /oauth/*} is free for the OAuth module
 * @param store the model (lock with {@code read}/{@code write})
 * @param tokens every token the sandbox accepts
 * @param uris URI minting and parsing
 * @param views JSON rendering of resources
 * @param clock the sandbox's clock
 * @param ids the sandbox's id sequence
 * @param apiBaseUrl the API base URL
 * @param authBaseUrl the OAuth base URL (currently the same server)
 */
public record SandboxServices(
    Router router,
    SandboxStore store,
    TokenStore tokens,
    Uris uris,
    Views views,
    Clock clock,
    Ids ids,
    String apiBaseUrl,
    String authBaseUrl) {}
