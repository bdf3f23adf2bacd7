import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
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
 * users with their tokens), then serves until killed.
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar:target/bench-classes BenchSandbox}
 */
public final class BenchSandbox {

  static final int UNREACHED_LIMIT = 10_000_000;

  public static void main(String[] args) throws InterruptedException {
    RateLimitSettings limits = RateLimitSettings.defaults();
    for (Plan plan : Plan.values()) {
      limits = limits.withPlanLimit(plan, UNREACHED_LIMIT);
    }
    Sandbox sandbox = Sandbox.start(SandboxConfig.builder().rateLimits(limits).autoApprove(true).build());
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("api_base_url", sandbox.apiBaseUrl());
    root.put("auth_base_url", sandbox.authBaseUrl());
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

  private BenchSandbox() {}
}
