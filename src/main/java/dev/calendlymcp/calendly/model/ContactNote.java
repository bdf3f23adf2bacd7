package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/** A private note a user wrote about a contact; only its author sees it. */
public record ContactNote(
    URI uri, URI contact, String title, String body, Instant remindAt, Instant createdAt, Instant updatedAt) {}
