import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SandboxSize;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A standalone sandbox for the benchmarks that measure time, not budgets: every plan's request
 * limit is raised so far that no run reaches it (the headers still say so, and calendly-mcp's
 * limiter learns the raised limit from the first answer), so a per-call figure is never a queue
 * wait. Prints the same JSON line as {@code calendly-mcp sandbox --json} (base URL and the seeded
 * users with their tokens) and its OAuth app's credentials, then serves until killed.
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar:target/bench-classes BenchSandbox [large | <users>]};
 * {@code large} seeds one organization of 1,000 members (the HTTP bench signs its agents in as them:
 * the sandbox, as Calendly, issues at most 8 OAuth tokens a minute per user, which its limits keep),
 * a number seeds one organization of that many members, shaped as {@code large} is (the quick run's
 * agents need a few dozen, and seeding 1,000 users with 10,000 events is most of its start-up).
 */
public final class BenchSandbox {

  static final int UNREACHED_LIMIT = 10_000_000;

  public static void main(String[] args) throws InterruptedException {
    RateLimitSettings limits = RateLimitSettings.defaults();
    for (Plan plan : Plan.values()) {
      limits = limits.withPlanLimit(plan, UNREACHED_LIMIT);
    }
    SandboxConfig.Builder config = SandboxConfig.builder().rateLimits(limits).autoApprove(true);
    if (args.length > 0) {
      config.size(args[0].chars().allMatch(Character::isDigit) ? members(Integer.parseInt(args[0]))
          : SandboxSize.parse(args[0]));
    }
    Sandbox sandbox = Sandbox.start(config.build());
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("api_base_url", sandbox.apiBaseUrl());
    root.put("auth_base_url", sandbox.authBaseUrl());
    root.put("oauth_client_id", sandbox.oauthApp().clientId());
    root.put("oauth_client_secret", sandbox.oauthApp().clientSecret());
    ArrayNode users = root.putArray("users");
    for (SeededUser user : sandbox.users()) {
      users.addObject()
          .put("email", user.email())
          .put("user", user.userUri())
          .put("token", user.token())
          .put("plan", user.plan().wireName())
          .put("organization", user.organizationUri());
    }
    System.out.println(mapper.writeValueAsString(root));
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }, "bench-sandbox-shutdown"));
    stopped.await();
  }

  /** One organization of {@code users} members, with as many event types and events per member as {@code large}. */
  private static SandboxSize members(int users) {
    SandboxSize large = SandboxSize.LARGE;
    return new SandboxSize(1, users, large.eventTypesPerUser(),
        large.scheduledEvents() / large.membersPerOrganization() * users);
  }

  private BenchSandbox() {}
}
