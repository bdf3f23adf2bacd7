package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.User;

/**
 * Who may see and do what, in one place.
 *
 * <ul>
 *   <li>Anything in another organization is invisible: a path naming it is a 404, a filter
 *       naming it a 403.
 *   <li>Public data of colleagues (profiles, event types, available times) is open to every
 *       member; their private data (scheduled events, busy times, availability schedules) and
 *       organization-wide listings need admin or owner.
 *   <li>Webhook events of paid features need a paid plan; data compliance needs Enterprise.
 * </ul>
 */
final class Access {

  private Access() {}

  /** 403 unless the caller is an admin or owner. */
  static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw ApiException.forbidden(
          "This action requires the admin or owner role in the organization; your role is "
              + caller.role().wireName() + ".");
    }
  }

  /** 403 unless the caller is {@code userUuid} or an admin/owner (of the same organization). */
  static void requireSelfOrAdmin(Caller caller, String userUuid) {
    if (!caller.userUuid().equals(userUuid)) {
      requireAdmin(caller);
    }
  }

  /**
   * 403 unless the caller's organization is on a paid plan, in the words Calendly uses since its
   * 2026-11-03 release (booking and webhooks themselves are on every plan since then).
   */
  static void requirePaidPlan(Caller caller) {
    if (!caller.plan().isPaid()) {
      throw ApiException.forbidden("Please upgrade to a paid Calendly account.");
    }
  }

  /** 403 unless the caller's organization is on Enterprise. */
  static void requireEnterprise(Caller caller, String feature) {
    if (caller.plan() != Plan.ENTERPRISE) {
      throw ApiException.forbidden(
          feature + " requires the Enterprise plan; this organization is on the "
              + caller.plan().wireName() + " plan.");
    }
  }

  /** A user named in a path: 404 when unknown or in another organization. */
  static User pathUser(SandboxStore store, Caller caller, String uuid) {
    User user = store.user(uuid).orElseThrow(ApiException::notFound);
    if (!user.organizationUuid().equals(caller.organizationUuid())) {
      throw ApiException.notFound();
    }
    return user;
  }

  /** A user named in a filter or body: 404 when unknown, 403 when in another organization. */
  static User referencedUser(SandboxStore store, Caller caller, String uuid) {
    User user = store.user(uuid).orElseThrow(ApiException::notFound);
    if (!user.organizationUuid().equals(caller.organizationUuid())) {
      throw ApiException.forbidden();
    }
    return user;
  }

  /**
   * An organization named in a path, filter or body: 404 when unknown, 403 when not the caller's.
   */
  static void referencedOrganization(SandboxStore store, Caller caller, String uuid) {
    store.organization(uuid).orElseThrow(ApiException::notFound);
    if (!uuid.equals(caller.organizationUuid())) {
      throw ApiException.forbidden();
    }
  }

  /** Whether {@code ownerUuid} (a user) is in the caller's organization. */
  static boolean sameOrganization(SandboxStore store, Caller caller, String ownerUuid) {
    return store.user(ownerUuid)
        .map(user -> user.organizationUuid().equals(caller.organizationUuid()))
        .orElse(false);
  }
}
