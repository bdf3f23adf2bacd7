package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/** A group of users within an organization (Calendly's Groups, e.g. a sales team). */
public record Group(
    URI uri, URI organization, String name, Integer memberCount, Instant createdAt, Instant updatedAt) {}
