package dev.calendlymcp.server;

import dev.calendlymcp.tools.Schema;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolHints;
import dev.calendlymcp.tools.ToolResult;
import dev.calendlymcp.tools.Toolset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Tools that exist only in tests, to drive the framework where whoami cannot: arguments of every
 * kind, a call that hangs until cancelled and reports progress, one that answers when the test
 * says so, and one that crashes.
 */
final class ProbeTools {

  /** Set when probe_hang's handler was unsubscribed (the client cancelled or the call timed out). */
  final CountDownLatch hangCancelled = new CountDownLatch(1);

  /** Set when probe_hang's handler started. */
  final CountDownLatch hangStarted = new CountDownLatch(1);

  /** probe_gate answers with the value emitted here. */
  final Sinks.One<String> gate = Sinks.one();

  /** The deadline probe_echo's handler saw. */
  final AtomicReference<Instant> deadlineSeen = new AtomicReference<>();

  List<ToolDefinition> definitions() {
    return List.of(echo(), hang(), gate(), crash(), write());
  }

  private ToolDefinition echo() {
    return ToolDefinition.builder("probe_echo")
        .title("Echo")
        .description("Echoes its arguments.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .required("name", Schema.string().maxLength(100).description("A name."))
                .required("color", Schema.string().enumOf("red", "green").description("A color."))
                .optional("count", Schema.integer().minimum(1).maximum(10).description("How many."))
                .optional("when", Schema.string().format(Schema.DATE_TIME).maxLength(40).description("When."))
                .closed())
        .output(
            Schema.object()
                .required("name", Schema.string())
                .required("color", Schema.string())
                .required("count", Schema.integer()))
        .handler(
            (arguments, context) -> {
              deadlineSeen.set(context.deadline());
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("name", arguments.requiredString("name"));
              out.put("color", arguments.requiredString("color"));
              out.put("count", arguments.integer("count").orElse(1L));
              return Mono.just(new ToolResult(out, "Echo: " + out));
            })
        .build();
  }

  private ToolDefinition hang() {
    return ToolDefinition.builder("probe_hang")
        .title("Hang")
        .description("Reports progress once, then never finishes.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .output(Schema.object())
        .handler(
            (arguments, context) ->
                context.progress().report(1, 2.0, "half way")
                    .then(Mono.<ToolResult>never())
                    .doOnSubscribe(s -> hangStarted.countDown())
                    .doOnCancel(hangCancelled::countDown))
        .build();
  }

  private ToolDefinition gate() {
    return ToolDefinition.builder("probe_gate")
        .title("Gate")
        .description("Answers when the test opens the gate.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .output(Schema.object().required("value", Schema.string()))
        .handler((arguments, context) -> gate.asMono().map(value -> new ToolResult(Map.of("value", value), value)))
        .build();
  }

  private ToolDefinition crash() {
    return ToolDefinition.builder("probe_crash")
        .title("Crash")
        .description("Fails with a bug.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .output(Schema.object())
        .handler(
            (arguments, context) -> {
              throw new IllegalStateException("internal detail that must not reach the client");
            })
        .build();
  }

  private ToolDefinition write() {
    return ToolDefinition.builder("probe_write")
        .title("Write")
        .description("Pretends to change something.")
        .toolset(Toolset.WEBHOOKS)
        .hints(ToolHints.write(true, false))
        .output(Schema.object())
        .handler((arguments, context) -> Mono.just(new ToolResult(Map.of(), "done")))
        .build();
  }
}
