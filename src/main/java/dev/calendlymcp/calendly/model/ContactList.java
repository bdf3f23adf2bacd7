package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * A saved grouping of contacts: a List ({@code static_list}) or a View ({@code dynamic_view}).
 *
 * @param contactCount how many contacts it holds; null when Calendly could not count in time
 */
public record ContactList(
    URI uri, String name, String type, Integer contactCount, Instant createdAt, Instant updatedAt) {}
