package dev.calendlymcp.cli;

import java.io.PrintStream;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A line on stderr saying what a slow step is doing and for how long, so that a person at a
 * terminal does not take a wait for a hang. Shown only once the step has taken a second, and only
 * at a terminal: piped or captured output stays free of carriage returns.
 */
final class Progress implements AutoCloseable {

  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final String CLEAR = "\r\033[K";

  private final PrintStream err;
  private Disposable ticks = Disposables.disposed();
  private boolean shown;

  private Progress(PrintStream err) {
    this.err = err;
  }

  /** Progress for {@code doing}, shown on the console's stderr when that is a person's terminal. */
  static Progress start(Console console, String doing) {
    return start(console.err(), doing, console.atTerminal(), Schedulers.parallel());
  }

  static Progress start(PrintStream err, String doing, boolean atTerminal, Scheduler scheduler) {
    Progress progress = new Progress(err);
    if (atTerminal) {
      progress.ticks = Flux.interval(FIRST, Duration.ofSeconds(1), scheduler)
          .subscribe(tick -> progress.show(doing + "… " + (tick + 1) + " s"));
    }
    return progress;
  }

  private synchronized void show(String line) {
    shown = true;
    err.print(CLEAR + line);
    err.flush();
  }

  /** Stops the ticking and clears the line, so that what comes next starts at its beginning. */
  @Override
  public synchronized void close() {
    ticks.dispose();
    if (shown) {
      err.print(CLEAR);
      err.flush();
    }
  }
}
