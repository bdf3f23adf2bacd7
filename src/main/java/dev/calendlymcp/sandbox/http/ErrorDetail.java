package dev.calendlymcp.sandbox.http;

/**
 * One bad parameter in a 400 answer's {@code details[]}.
 *
 * @param parameter the parameter's name, dotted for nested body fields ({@code invitee.email})
 * @param message what is wrong with it
 */
public record ErrorDetail(String parameter, String message) {}
