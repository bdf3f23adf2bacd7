package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * The mark that an invitee did not attend; deleting it unmarks the invitee.
 *
 * @param uri the mark's reference, {@code …/invitee_no_shows/{uuid}}
 * @param invitee the invitee marked
 */
public record InviteeNoShow(URI uri, URI invitee, Instant createdAt) {}
