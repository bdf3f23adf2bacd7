package dev.calendlymcp.calendly.model;

import java.net.URI;

/**
 * The public profile of the user or team an event type belongs to.
 *
 * @param type {@code User} or {@code Team}, spelled as Calendly spells it
 * @param name the name shown to invitees
 * @param owner URI of the owning user or team
 */
public record Profile(String type, String name, URI owner) {}
