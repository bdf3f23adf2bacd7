package dev.calendlymcp.auth.store;

import static dev.calendlymcp.auth.store.AuthRecords.T0;
import static dev.calendlymcp.auth.store.AuthRecords.code;
import static dev.calendlymcp.auth.store.AuthRecords.grant;
import static dev.calendlymcp.auth.store.AuthRecords.pending;
import static dev.calendlymcp.auth.store.AuthRecords.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryAuthStoreTest extends AuthStoreContract {

  @Override
  protected AuthStore newStore() {
    return new InMemoryAuthStore();
  }

  @Test
  void purgingForgetsWhatHasExpiredAndKeepsTheRest() {
    InMemoryAuthStore memory = (InMemoryAuthStore) store;
    memory.savePending(pending("old", T0.plusSeconds(10))).block();
    memory.savePending(pending("live", T0.plusSeconds(1000))).block();
    memory.createGrant(grant("g1"), code("code-1", "g1", T0.plusSeconds(10))).block();
    memory.saveRefreshToken(refresh("r-old", "g1", T0.plusSeconds(10))).block();
    memory.saveRefreshToken(refresh("r-live", "g1", T0.plusSeconds(1000))).block();

    memory.purgeExpired(T0.plusSeconds(10)).block();

    assertThat(memory.takePending("old", T0).blockOptional()).isEmpty();
    assertThat(memory.takePending("live", T0).blockOptional()).isPresent();
    assertThat(memory.consumeCode(Hashes.sha256("code-1"), T0).blockOptional()).isEmpty();
    assertThat(memory.findRefreshToken(Hashes.sha256("r-old")).blockOptional()).isEmpty();
    assertThat(memory.findRefreshToken(Hashes.sha256("r-live")).blockOptional()).isPresent();
    assertThat(memory.findGrant("g1").block().isActive()).isTrue();
  }
}
