package dev.calendlymcp.sandbox.model;

/**
 * Where a scheduled event takes place.
 *
 * @param type location kind, e.g. {@code physical}, {@code zoom}
 * @param location address or phone number, or null
 * @param joinUrl conference link, or null
 */
public record MeetingLocation(String type, String location, String joinUrl) {}
