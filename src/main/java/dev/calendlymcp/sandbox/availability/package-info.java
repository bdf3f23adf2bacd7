/**
 * The sandbox's availability engine: turns a host's schedule, an event type's slot rules, busy
 * times and booked seats into bookable slots. Pure Java, no I/O; the sandbox's HTTP handlers call
 * {@link dev.calendlymcp.sandbox.availability.AvailabilityEngine}.
 */
package dev.calendlymcp.sandbox.availability;
