package dev.calendlymcp.calendly.model;

/**
 * The answer to creating a List: the List, and what became of the contacts sent with it, which
 * Calendly adds after creating the List (not atomically).
 *
 * @param membershipResult null when no contacts were sent
 */
public record CreatedContactList(ContactList resource, ListMembershipResult membershipResult) {}
