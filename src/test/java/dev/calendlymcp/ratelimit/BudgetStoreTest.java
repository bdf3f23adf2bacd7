package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BudgetStoreTest {

  /**
   * A store that, like a compare-and-set loop that lost a race, applies every change once to no
   * effect before applying it for real.
   */
  private static final class RetryingStore implements BudgetStore {
    private final BudgetStore inner;
    int updates;

    RetryingStore(BudgetStore inner) {
      this.inner = inner;
    }

    @Override
    public Optional<BudgetState> peek(BudgetKey key) {
      return inner.peek(key);
    }

    @Override
    public BudgetState update(BudgetKey key, UnaryOperator<BudgetState> change) {
      updates++;
      change.apply(inner.peek(key).orElse(BudgetState.EMPTY));
      return inner.update(key, change);
    }
  }

  @Test
  void aStoreThatRunsAChangeTwiceLetsTheSameCallsThroughAtTheSameTimes() {
    LimiterFixture plain = new LimiterFixture();
    RetryingStore[] retrying = new RetryingStore[1];
    LimiterFixture racing =
        new LimiterFixture(
            RateLimitSettings.defaults(),
            builder -> builder,
            store -> {
              retrying[0] = new RetryingStore(store);
              return retrying[0];
            });

    List<Call> expected = plain.acquire(130, ALICE, CallKind.READ, Duration.ofMinutes(5));
    List<Call> actual = racing.acquire(130, ALICE, CallKind.READ, Duration.ofMinutes(5));
    plain.advance(Duration.ofMinutes(3));
    racing.advance(Duration.ofMinutes(3));

    assertThat(retrying[0].updates).isGreaterThanOrEqualTo(130);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).releasedAt).isEqualTo(expected.get(i).releasedAt);
    }
    assertThat(actual.get(129).releasedAt).isEqualTo(START.plusSeconds(122));
  }

  @Test
  void theInMemoryStoreStartsAnUnknownKeyEmptyAndPeeksWithoutCreatingIt() {
    LimiterFixture fixture = new LimiterFixture();

    assertThat(fixture.store.peek(ALICE)).isEmpty();
    BudgetState created = fixture.store.update(ALICE, state -> state);

    assertThat(created).isEqualTo(BudgetState.EMPTY);
    assertThat(fixture.store.peek(ALICE)).contains(BudgetState.EMPTY);
  }
}
