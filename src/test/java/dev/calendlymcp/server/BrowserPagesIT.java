package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The pages a person sees, in a real browser: Debian's headless Chromium signs an agent in through
 * our consent page (clicking whatever approve button it shows, with the page's default choices),
 * then opens {@code /consents} and, after the agent's tool calls, follows its link to {@code
 * /audit} and filters it. At desktop size and phone size, and with JavaScript off, since none of
 * the pages may need it. Each page's screenshot goes to {@code target/screenshots}, or, with {@code
 * UPDATE_SCREENSHOTS=1}, to {@code docs/screenshots} where the docs show it. Skipped, never failed,
 * where Chromium or its driver is not installed.
 */
@Timeout(180)
class BrowserPagesIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Pattern APPROVE = Pattern.compile("(?i).*\\b(approve|allow)\\b.*");

  /** A way to look at the pages: its name, the window, whether scripts run, and whether docs show its screenshots. */
  record Viewing(String name, int width, int height, boolean phone, boolean javascript, boolean forDocs) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Viewing> viewings() {
    return Stream.of(
        new Viewing("desktop", 1280, 900, false, true, true),
        new Viewing("phone", 390, 844, true, true, true),
        // Phone emulation with scripts off too hung chromedriver's click on the filter button for
        // minutes on a loaded machine; the pages hold no script, so desktop covers "without JavaScript".
        new Viewing("desktop-no-js", 1280, 900, false, false, false));
  }

  @TempDir
  Path profile;

  private OAuthServerFixture fixture;
  private HttpServer agentCallback;
  private ChromeDriver browser;

  @BeforeAll
  static void needsChromium() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing."
            + " Install them with: apt-get install -y chromium chromium-driver");
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (agentCallback != null) {
      agentCallback.stop(0);
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("viewings")
  void aPersonApprovesAnAgentSeesItOnTheConsentsPageAndReadsWhatItDidOnTheAuditPage(Viewing viewing)
      throws IOException {
    fixture = new OAuthServerFixture(false);
    agentCallback = agentCallback();
    URI redirect = URI.create("http://127.0.0.1:" + agentCallback.getAddress().getPort() + "/callback");
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    String clientId = dance.parse(dance.registration(discovery, "{\"client_name\":\"Sales assistant\","
        + "\"redirect_uris\":[\"" + redirect + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
        + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}").body()).get("client_id").asString();
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> query = new LinkedHashMap<>(
        dance.authorizationQuery(discovery, clientId, verifier, "browser-state", fixture.teamsOwner.email()));
    query.put("redirect_uri", redirect.toString());
    browser = browser(viewing);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

    // The consent page: approve with whatever the page chose by default.
    browser.get(discovery.authorizationEndpoint() + "?" + OAuthDance.form(query));
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Sales assistant");
    fitsTheWindow(viewing);
    screenshot(viewing, "consent");
    approveButton().click();
    wait.until(ExpectedConditions.urlContains(redirect.getAuthority() + "/callback"));
    String code = OAuthDance.parameter(URI.create(browser.getCurrentUrl()), "code");
    assertThat(OAuthDance.parameter(URI.create(browser.getCurrentUrl()), "state")).isEqualTo("browser-state");

    // The agent signs in with that code and makes some calls, one of which fails.
    HttpResponse<String> token = dance.post(discovery.tokenEndpoint(), Map.of(
        "grant_type", "authorization_code", "code", code, "redirect_uri", redirect.toString(),
        "client_id", clientId, "code_verifier", verifier.getValue(), "resource", discovery.resource().toString()));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonNode tokens = dance.parse(token.body());
    try (McpSyncClient agent = agent(tokens.get("access_token").asString())) {
      agent.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build());
      agent.callTool(CallToolRequest.builder("list_event_types").arguments(Map.of()).build());
      agent.callTool(CallToolRequest.builder("get_scheduled_event")
          .arguments(Map.of("event", "https://api.calendly.com/scheduled_events/NO-SUCH-EVENT")).build());
    }

    // The consents page lists the agent; its link leads to the audit page.
    browser.get(discovery.issuer() + "/consents");
    assertThat(browser.findElement(By.tagName("body")).getText()).contains(clientId);
    fitsTheWindow(viewing);
    screenshot(viewing, "consents");
    browser.findElement(By.linkText("What your agents did")).click();
    wait.until(ExpectedConditions.urlContains("/audit"));
    List<WebElement> lines = browser.findElements(By.cssSelector("ol li"));
    assertThat(lines).extracting(WebElement::getText)
        .anySatisfy(line -> assertThat(line).contains("\"Sales assistant\" used whoami — allowed"))
        .anySatisfy(line -> assertThat(line).contains("list_event_types"))
        .anySatisfy(line -> assertThat(line).contains("failed"));
    fitsTheWindow(viewing);
    screenshot(viewing, "audit");

    // The filters are a plain form: no script needed to narrow the list.
    browser.findElement(By.name("since")).sendKeys("1h");
    new Select(browser.findElement(By.name("decision"))).selectByValue("allowed");
    browser.findElement(By.cssSelector("form button")).click();
    wait.until(ExpectedConditions.urlContains("decision=allowed"));
    assertThat(browser.getCurrentUrl()).contains("since=1h");
    assertThat(browser.findElements(By.cssSelector("ol li"))).isNotEmpty()
        .extracting(WebElement::getText).allSatisfy(line -> assertThat(line).contains("— allowed"));
  }

  /** The consent form's approve button, whatever else the form asks (per-resource choices keep their defaults). */
  private WebElement approveButton() {
    return browser.findElements(By.cssSelector("form button, form input[type=submit]")).stream()
        .filter(button -> APPROVE.matcher(String.valueOf(button.getDomProperty("value"))).matches()
            || APPROVE.matcher(button.getText()).matches())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no approve button on " + browser.getCurrentUrl()));
  }

  /** Nothing wider than the window: a phone reads the page without scrolling sideways. */
  private void fitsTheWindow(Viewing viewing) {
    long viewport = browser.findElement(By.tagName("html")).getRect().getWidth();
    for (WebElement element : browser.findElements(By.cssSelector("body *"))) {
      if (element.isDisplayed()) {
        int right = element.getRect().getX() + element.getRect().getWidth();
        assertThat(right).as("%s <%s> in %s", viewing, element.getTagName(), browser.getCurrentUrl())
            .isLessThanOrEqualTo((int) viewport);
      }
    }
  }

  private ChromeDriver browser(Viewing viewing) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=" + viewing.width() + "," + viewing.height());
    if (viewing.phone()) {
      options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
          Map.of("width", viewing.width(), "height", viewing.height(), "pixelRatio", 1.0, "mobile", true, "touch", true)));
    }
    if (!viewing.javascript()) {
      options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    // Named outright, so Selenium never runs its Selenium Manager, which would download a driver.
    // (Not through ChromeDriverService.Builder: its @AutoService annotation warns under -Xlint:all.)
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    return new ChromeDriver(options);
  }

  private void screenshot(Viewing viewing, String page) throws IOException {
    boolean update = "1".equals(System.getenv("UPDATE_SCREENSHOTS")) && viewing.forDocs();
    Path dir = update ? Path.of("docs", "screenshots") : Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(page + "-" + viewing.name() + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  private McpSyncClient agent(String accessToken) {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(fixture.server.publicUrl().toString())
            .endpoint("/mcp")
            .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                builder.setHeader("Authorization", "Bearer " + accessToken))
            .build())
        .clientInfo(McpSchema.Implementation.builder("Sales assistant", "1").build())
        .requestTimeout(Duration.ofSeconds(30))
        .build();
    client.initialize();
    return client;
  }

  /** Where the agent's redirect lands: a page saying the sign-in is done, as a desktop client shows. */
  private static HttpServer agentCallback() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/callback", exchange -> {
        byte[] page = "<!doctype html><title>Signed in</title><p>Signed in. You can close this window."
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
