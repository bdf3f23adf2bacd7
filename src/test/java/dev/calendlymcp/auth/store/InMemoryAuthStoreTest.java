package dev.calendlymcp.auth.store;

class InMemoryAuthStoreTest extends AuthStoreContract {

  @Override
  protected AuthStore newStore(PurgePolicy policy) {
    return new InMemoryAuthStore(policy);
  }
}
