import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one shape every scenario of bench/run.sh writes, for bench/Report.java to read: repeated
 * measurements as {@code series} (every sample kept, so the report computes its own percentiles),
 * single figures as {@code figures} with the baseline measured in the same run beside them, and
 * the facts of the run. A series or figure named as {@code baseline} is what the others are
 * divided by.
 */
final class BenchJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ObjectNode root = JSON.createObjectNode();

  BenchJson(String scenario, String title, String baselineSeries) {
    root.put("scenario", scenario);
    root.put("title", title);
    if (baselineSeries != null) {
      root.put("baseline", baselineSeries);
    }
    root.putArray("series");
    root.putArray("figures");
    root.putObject("facts");
  }

  /** Samples of one case, in {@code unit}; {@code chart} groups series drawn on one chart. */
  BenchJson series(String name, String unit, String chart, double[] samples) {
    ObjectNode series = ((ArrayNode) root.get("series")).addObject();
    series.put("name", name).put("unit", unit).put("chart", chart);
    ArrayNode values = series.putArray("samples");
    for (double sample : samples) {
      values.add(Math.round(sample * 1000) / 1000.0);
    }
    return this;
  }

  /**
   * One figure with its baseline (NaN: none) and goal (null: none); {@code x} places it on an
   * x-axis (sessions, say) for a line chart named {@code chart} (null: no chart).
   */
  BenchJson figure(String name, double value, String unit, double baseline, String goal, String chart, double x) {
    ObjectNode figure = ((ArrayNode) root.get("figures")).addObject();
    figure.put("name", name).put("unit", unit);
    putNumber(figure, "value", value);
    putNumber(figure, "baseline", baseline);
    if (goal != null) {
      figure.put("goal", goal);
    }
    if (chart != null) {
      figure.put("chart", chart);
      putNumber(figure, "x", x);
    }
    return this;
  }

  BenchJson figure(String name, double value, String unit, double baseline, String goal) {
    return figure(name, value, unit, baseline, goal, null, Double.NaN);
  }

  BenchJson fact(String name, String value) {
    ((ObjectNode) root.get("facts")).put(name, value);
    return this;
  }

  BenchJson facts(Map<String, String> facts) {
    facts.forEach(this::fact);
    return this;
  }

  void write(Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(field);
    } else {
      node.put(field, Math.round(value * 1000) / 1000.0);
    }
  }
}
