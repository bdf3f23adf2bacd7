package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * The mark that an invitee did not attend.
 *
 * @param uuid last segment of the no-show URI
 * @param inviteeUuid the invitee marked
 * @param createdAt when it was marked
 */
public record NoShow(String uuid, String inviteeUuid, Instant createdAt) {}
