package dev.calendlymcp.calendly.model;

/**
 * Where a scheduled event takes place. Only {@code type} is always present; which of the other
 * fields are set depends on it.
 *
 * @param type e.g. {@code physical}, {@code zoom}, {@code google_conference}, {@code
 *     outbound_call}, {@code inbound_call}, {@code custom}, {@code ask_invitee}; kept as text
 *     because Calendly adds conferencing providers over time
 * @param location the address, phone number or free text, for types that have one
 * @param joinUrl the meeting link, for conferencing types
 * @param status whether the conference has been set up, e.g. {@code pushed} or {@code failed}
 * @param additionalInfo extra instructions for the participants
 */
public record EventLocation(
    String type, String location, String joinUrl, String status, String additionalInfo) {}
