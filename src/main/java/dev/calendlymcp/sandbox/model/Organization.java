package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * An organization (a Calendly account's team) and the plan it pays for.
 *
 * @param uuid last segment of the organization URI
 * @param name display name
 * @param plan subscription plan
 * @param createdAt creation time
 */
public record Organization(String uuid, String name, Plan plan, Instant createdAt) {}
