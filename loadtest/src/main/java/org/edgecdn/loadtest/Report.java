package org.edgecdn.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.edgecdn.loadtest.metrics.CacheFigures;
import org.edgecdn.loadtest.workload.ByteSize;

/**
 * A run's figures for people (a table) and for programs (JSON with the same content). Latency
 * percentiles are in milliseconds in JSON, with microsecond resolution.
 *
 * @param run what the generator measured
 * @param cache hit ratio and offload from the targets' metrics, or null when none were read
 * @param checks the thresholds judged, empty when none were set
 * @param notes anything the reader should know about how the figures were obtained
 */
public record Report(RunResult run, CacheFigures cache, List<Thresholds.Check> checks,
    List<String> notes) {

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};
  /**
   * Moves and spans listed, in text and JSON; the rest are counted. A DNS that moves the load
   * at every lookup would otherwise list thousands.
   */
  static final int LISTED = 50;

  public Report {
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
  }

  /** Whether every threshold was met (true when none were set). */
  public boolean passed() {
    return checks.stream().allMatch(Thresholds.Check::passed);
  }

  // ---- Text ----

  public String text() {
    StringBuilder out = new StringBuilder();
    for (StreamResult stream : run.streams()) {
      streamText(stream, out);
    }
    faultsText(out);
    resolutionsText(out);
    spansText(out);
    if (cache != null) {
      out.append(row("cache", cacheText()));
      for (String note : cache.notes()) {
        out.append(row("", "note: " + note));
      }
    }
    for (Thresholds.Check check : checks) {
      out.append(row("threshold", check.toString()));
    }
    if (run.aborted()) {
      out.append(row("note", "requests still in flight at the safety stop were cut off"));
    }
    for (String note : notes) {
      out.append(row("note", note));
    }
    return out.toString();
  }

  private void streamText(StreamResult s, StringBuilder out) {
    out.append(s.name()).append(" -> ").append(s.target()).append('\n');
    out.append(row("workload", s.workload()));
    String concurrency = s.protocol() == Protocol.HTTP_1_1
        ? s.connections() + " connections"
        : s.connections() + " requests in flight over " + s.protocol().wireName() + " ("
            + s.protocol().connectionsFor(s.connections()) + " connections)";
    out.append(row("model", s.pacing() + ", " + concurrency + ", "
        + Durations.format(run.duration())));
    out.append(row("requests", s.sent() + " sent, " + s.answered() + " answered, "
        + s.errorCount() + " errors, " + s.unsent() + " unsent"));
    double seconds = s.elapsed().toNanos() / 1e9;
    out.append(row("throughput", String.format(Locale.ROOT, "%s req/s, %s/s over %.1f s",
        number(s.throughput()), ByteSize.format(seconds <= 0 ? 0 : s.bytes() / seconds),
        seconds)));
    boolean open = s.pacing() instanceof Pacing.Open;
    out.append(row("latency", percentiles(s.latency())
        + (open ? "  (from intended send)" : "  (closed model: service time)")));
    if (open) {
      out.append(row("service", percentiles(s.serviceTime()) + "  (from actual send)"));
    }
    StringBuilder status = new StringBuilder();
    s.status().forEach((cls, n) -> {
      if (n > 0 || !cls.equals("1xx") && !cls.equals("other")) {
        status.append(cls).append(' ').append(n).append("   ");
      }
    });
    out.append(row("status", status.toString().strip()));
    StringBuilder errors = new StringBuilder();
    s.errors().forEach((cause, n) -> errors.append(cause.label()).append(' ').append(n)
        .append("   "));
    out.append(row("errors", errors.toString().strip()
        + String.format(Locale.ROOT, "  (error ratio %.4f)", s.errorRatio())));
    s.firstErrors().forEach((cause, message) -> out.append(row("",
        "first " + cause.label() + ": " + message)));
    if (s.unsent() > 0) {
      out.append(row("", "warning: " + s.unsent() + " requests were due but found no free "
          + "connection before the end; their wait so far is counted in the latency"));
    }
    if (s.parseReport().bad() > 0) {
      out.append(row("input", s.parseReport().bad() + " unreadable lines skipped, "
          + s.parseReport().used() + " used"));
      for (String example : s.parseReport().examples()) {
        out.append(row("", example));
      }
    }
  }

  /** The faults with their moments. */
  private void faultsText(StringBuilder out) {
    String label = "faults";
    for (FaultResult fault : run.faults()) {
      String when = fault.firedAt() == null ? "never"
          : String.format(Locale.ROOT, "at %.2f s", fault.firedAt().toNanos() / 1e9);
      out.append(row(label, when + " (planned " + Durations.format(fault.fault().at()) + "): "
          + fault.fault().action().describe() + " -> " + fault.outcome()));
      label = "";
    }
  }

  /**
   * For a run that followed its target's name: each source's lookups and failures, then every
   * change of address with its moment, so a reader sees when the load moved.
   */
  private void resolutionsText(StringBuilder out) {
    if (run.resolutions().isEmpty()) {
      return;
    }
    String label = "dns";
    for (Resolution r : run.resolutions()) {
      String failures = countsText(DnsFailure.values(), r.failures(), DnsFailure::label);
      out.append(row(label, String.format(Locale.ROOT, "%s%s: %s, %d lookup%s, failed %s",
          run.streams().size() > 1 ? r.stream() + " " : "", from(r),
          r.changes().isEmpty() ? "kept " + at(r, r.firstAddress()) : "ended at "
              + at(r, r.lastAddress()), r.lookups(), r.lookups() == 1 ? "" : "s",
          failures.isEmpty() ? "none" : failures + " (the last good address kept)")));
      r.firstFailures().forEach((cause, message) -> out.append(row("",
          "first " + cause.label() + ": " + message)));
      label = "";
    }
    List<Move> moves = moves();
    if (moves.isEmpty()) {
      out.append(row("moved", "never: every source kept its first address"));
    }
    label = "moved";
    for (Move move : listed(moves)) {
      out.append(row(label, String.format(Locale.ROOT, "at %.2f s %s: %s -> %s",
          move.change().at().toNanos() / 1e9, from(move.resolution()),
          at(move.resolution(), move.change().from()),
          at(move.resolution(), move.change().to()))));
      label = "";
    }
    leftOffText(out, moves.size(), "moves");
  }

  /** The first {@link #LISTED} of {@code all}. */
  private static <T> List<T> listed(List<T> all) {
    return all.subList(0, Math.min(all.size(), LISTED));
  }

  private static void leftOffText(StringBuilder out, int all, String what) {
    if (all > LISTED) {
      out.append(row("", "and " + (all - LISTED) + " more " + what + " (not listed)"));
    }
  }

  private static String from(Resolution r) {
    return r.source().isEmpty() ? "from the default address" : "from " + r.source();
  }

  private static String at(Resolution r, String address) {
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + r.port();
  }

  /** A change of address of one source, for listing all in order of time. */
  record Move(Resolution resolution, Resolution.Change change) {}

  List<Move> moves() {
    List<Move> moves = new ArrayList<>();
    for (Resolution r : run.resolutions()) {
      r.changes().forEach(change -> moves.add(new Move(r, change)));
    }
    moves.sort(Comparator.comparing(move -> move.change().at()));
    return moves;
  }

  /**
   * The main traffic's answers and errors by cause in the spans between faults and changes of
   * address, so what each did shows apart from the rest of the run. A request counts in the
   * span where its answer (or failure) came, not where it was sent.
   */
  private void spansText(StringBuilder out) {
    if (run.faults().isEmpty() && moves().isEmpty()) {
      return;
    }
    String label = "by span";
    List<Span> spans = spans();
    for (Span span : listed(spans)) {
      out.append(row(label, String.format(Locale.ROOT, "%-16s answered %d, 5xx %d, errors %s",
          span.name(), span.counts().answered(), span.counts().serverErrors(),
          errorsText(span.counts().errors()))));
      label = "";
    }
    leftOffText(out, spans.size(), "spans");
  }

  /** The main traffic between consecutive moments: from the start, to the end. */
  record Span(String name, Double fromSeconds, Double toSeconds, FaultResult.Counts counts) {}

  /** A moment that splits the run: a fault fired, or the main traffic's target changed. */
  private record Moment(Duration at, FaultResult.Counts before) {}

  List<Span> spans() {
    List<Moment> moments = new ArrayList<>();
    run.faults().stream().filter(f -> f.firedAt() != null)
        .forEach(f -> moments.add(new Moment(f.firedAt(), f.before())));
    moves().stream().filter(move -> move.change().before() != null)
        .forEach(move -> moments.add(new Moment(move.change().at(), move.change().before())));
    moments.sort(Comparator.comparing(Moment::at));
    List<Span> spans = new ArrayList<>();
    FaultResult.Counts previous = new FaultResult.Counts(0, 0, Map.of());
    double from = 0;
    for (Moment moment : moments) {
      double to = moment.at().toNanos() / 1e9;
      spans.add(new Span(String.format(Locale.ROOT, "%.2f-%.2f s", from, to), from, to,
          moment.before().minus(previous)));
      previous = moment.before();
      from = to;
    }
    spans.add(new Span(String.format(Locale.ROOT, "%.2f s-end", from), from, null,
        FaultResult.Counts.of(run.main()).minus(previous)));
    return spans;
  }

  private static String errorsText(Map<ErrorCause, Long> errors) {
    String text = countsText(ErrorCause.values(), errors, ErrorCause::label);
    return text.isEmpty() ? "none" : text;
  }

  /** {@code label n, label n}: each of {@code causes} that was counted, in order; or "". */
  private static <C> String countsText(C[] causes, Map<C, Long> counts,
      Function<C, String> label) {
    StringJoiner text = new StringJoiner(", ");
    for (C cause : causes) {
      long n = counts.getOrDefault(cause, 0L);
      if (n > 0) {
        text.add(label.apply(cause) + " " + n);
      }
    }
    return text.toString();
  }

  private String cacheText() {
    StringBuilder text = new StringBuilder();
    if (cache.hitRatio().isPresent()) {
      text.append(String.format(Locale.ROOT, "hit ratio %.4f (%.0f hits, %.0f misses)",
          cache.hitRatio().getAsDouble(), cache.hits(), cache.misses()));
    } else {
      text.append("hit ratio unknown");
    }
    if (cache.originOffload().isPresent()) {
      text.append(String.format(Locale.ROOT, "; origin offload %.4f (%.0f of %.0f requests "
          + "reached the origin)", cache.originOffload().getAsDouble(), cache.originRequests(),
          cache.clientRequests()));
    } else {
      text.append("; origin offload unknown");
    }
    return text.toString();
  }

  private static String percentiles(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "no answers";
    }
    StringBuilder text = new StringBuilder();
    for (double p : PERCENTILES) {
      String name = p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p);
      text.append(String.format(Locale.ROOT, "p%s %-9s ", name,
          Durations.micros(h.getValueAtPercentile(p))));
    }
    return text.append("max ").append(Durations.micros(h.getMaxValue())).toString();
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-11s %s%n", label, value);
  }

  /** 1234567.8 as {@code 1,234,568}; below 100 with one decimal. */
  static String number(double value) {
    return value < 100 ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%,.0f", value);
  }

  // ---- JSON ----

  public JsonObject json() {
    JsonObject json = new JsonObject()
        .put("started_at", run.startedAt().toString())
        .put("duration_s", run.duration().toNanos() / 1e9)
        .put("passed", passed())
        .put("aborted", run.aborted());
    JsonArray streams = new JsonArray();
    run.streams().forEach(s -> streams.add(streamJson(s)));
    json.put("streams", streams);
    json.put("cache", cache == null ? null : cacheJson());
    JsonArray thresholds = new JsonArray();
    for (Thresholds.Check check : checks) {
      thresholds.add(new JsonObject().put("name", check.name()).put("limit", check.limit())
          .put("actual", check.actual()).put("passed", check.passed()));
    }
    json.put("thresholds", thresholds);
    json.put("faults", faultsJson());
    json.put("dns", resolutionsJson());
    json.put("notes", new JsonArray(List.copyOf(notes)));
    return json;
  }

  private static JsonObject streamJson(StreamResult s) {
    JsonObject json = new JsonObject()
        .put("name", s.name())
        .put("target", s.target().url())
        .put("connect", s.target().connectHost() + ":" + s.target().port())
        .put("host", s.target().hostHeader())
        .put("workload", s.workload())
        .put("model", s.pacing() instanceof Pacing.Open ? "open" : "closed")
        .put("rate", s.pacing() instanceof Pacing.Open open ? open.perSecond() : null)
        .put("connections", s.connections())
        .put("protocol", s.protocol().wireName())
        .put("elapsed_s", s.elapsed().toNanos() / 1e9)
        .put("requests", new JsonObject()
            .put("sent", s.sent())
            .put("answered", s.answered())
            .put("errors", s.errorCount())
            .put("unsent", s.unsent()))
        .put("throughput_rps", s.throughput())
        .put("bytes", s.bytes())
        .put("error_ratio", s.errorRatio())
        .put("latency_ms", histogramJson(s.latency()))
        .put("service_time_ms", histogramJson(s.serviceTime()));
    JsonObject status = new JsonObject();
    s.status().forEach(status::put);
    json.put("status", status);
    JsonObject errors = new JsonObject();
    s.errors().forEach((cause, n) -> errors.put(cause.jsonName(), n));
    json.put("errors", errors);
    JsonObject first = new JsonObject();
    s.firstErrors().forEach((cause, message) -> first.put(cause.jsonName(), message));
    json.put("first_errors", first);
    json.put("bad_input_lines", new JsonObject().put("count", s.parseReport().bad())
        .put("examples", new JsonArray(List.copyOf(s.parseReport().examples()))));
    return json;
  }

  /**
   * The faults and, when any was planned or the target moved, the main traffic by span
   * between the faults and the moves (the first {@link #LISTED}; {@code spans_left_off} counts
   * the rest).
   */
  private JsonObject faultsJson() {
    JsonArray done = new JsonArray();
    for (FaultResult fault : run.faults()) {
      done.add(new JsonObject()
          .put("planned_s", fault.fault().at().toNanos() / 1e9)
          .put("fired_s", fault.firedAt() == null ? null : fault.firedAt().toNanos() / 1e9)
          .put("action", fault.fault().action().describe())
          .put("succeeded", fault.succeeded())
          .put("outcome", fault.outcome()));
    }
    JsonArray spans = new JsonArray();
    int allSpans = 0;
    if (!run.faults().isEmpty() || !moves().isEmpty()) {
      List<Span> all = spans();
      allSpans = all.size();
      for (Span span : listed(all)) {
        JsonObject errors = new JsonObject();
        for (ErrorCause cause : ErrorCause.values()) {
          errors.put(cause.jsonName(), span.counts().errors().getOrDefault(cause, 0L));
        }
        spans.add(new JsonObject().put("from_s", span.fromSeconds())
            .put("to_s", span.toSeconds()).put("answered", span.counts().answered())
            .put("5xx", span.counts().serverErrors()).put("errors", errors));
      }
    }
    return new JsonObject().put("done", done).put("spans", spans)
        .put("spans_left_off", Math.max(0, allSpans - LISTED));
  }

  /**
   * For a run that followed its target's name, each source's lookups, failures by cause and
   * changes of address, and the changes in order of time (the first {@link #LISTED};
   * {@code changes_left_off} counts the rest); null otherwise.
   */
  private JsonObject resolutionsJson() {
    if (run.resolutions().isEmpty()) {
      return null;
    }
    JsonArray sources = new JsonArray();
    for (Resolution r : run.resolutions()) {
      JsonObject failures = new JsonObject();
      JsonObject first = new JsonObject();
      for (DnsFailure cause : DnsFailure.values()) {
        failures.put(cause.jsonName(), r.failures().getOrDefault(cause, 0L));
        if (r.firstFailures().containsKey(cause)) {
          first.put(cause.jsonName(), r.firstFailures().get(cause));
        }
      }
      sources.add(new JsonObject().put("stream", r.stream())
          .put("source", r.source().isEmpty() ? null : r.source())
          .put("first", at(r, r.firstAddress())).put("last", at(r, r.lastAddress()))
          .put("lookups", r.lookups()).put("changes", r.changes().size())
          .put("failures", failures).put("first_failures", first));
    }
    JsonArray changes = new JsonArray();
    List<Move> moves = moves();
    for (Move move : listed(moves)) {
      Resolution r = move.resolution();
      changes.add(new JsonObject().put("at_s", move.change().at().toNanos() / 1e9)
          .put("stream", r.stream()).put("source", r.source().isEmpty() ? null : r.source())
          .put("from", at(r, move.change().from())).put("to", at(r, move.change().to())));
    }
    return new JsonObject().put("sources", sources).put("changes", changes)
        .put("changes_left_off", Math.max(0, moves.size() - LISTED));
  }

  private static JsonObject histogramJson(Histogram h) {
    JsonObject json = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return json;
    }
    for (double p : PERCENTILES) {
      String key = "p" + (p == Math.rint(p) ? Integer.toString((int) p)
          : Double.toString(p).replace('.', '_'));
      json.put(key, h.getValueAtPercentile(p) / 1000.0);
    }
    return json.put("max", h.getMaxValue() / 1000.0).put("mean", h.getMean() / 1000.0);
  }

  private JsonObject cacheJson() {
    JsonObject json = new JsonObject()
        .put("hits", cache.hits())
        .put("misses", cache.misses())
        .put("hit_ratio", cache.hitRatio().isPresent() ? cache.hitRatio().getAsDouble() : null)
        .put("client_requests", cache.clientRequests())
        .put("origin_requests", cache.originRequests())
        .put("origin_offload", cache.originOffload().isPresent()
            ? cache.originOffload().getAsDouble() : null);
    return json.put("notes", new JsonArray(List.copyOf(cache.notes())));
  }
}
