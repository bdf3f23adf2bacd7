package dev.calendlymcp.calendly.model;

/**
 * How many people booked a scheduled event.
 *
 * @param total invitees ever booked, canceled ones included
 * @param active invitees still booked
 * @param limit the most invitees the event accepts (1 unless it is a group event)
 */
public record InviteesCounter(Integer total, Integer active, Integer limit) {}
