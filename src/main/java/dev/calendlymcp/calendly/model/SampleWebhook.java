package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What a webhook delivery of one event looks like, built by Calendly from the account's data, for
 * testing a receiver without waiting for the event.
 *
 * @param payload the event's payload, whose shape depends on the event
 */
public record SampleWebhook(String event, Instant createdAt, URI createdBy, JsonNode payload) {}
