package org.edgecdn.loadtest.workload;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workloads by name: the registry {@code cdn loadtest --workload NAME} looks in.
 *
 * <table>
 *   <caption>Built-in workloads and their settings</caption>
 *   <tr><th>name</th><th>settings</th></tr>
 *   <tr><td>{@code zipf}</td><td>objects, alpha, size, path-template</td></tr>
 *   <tr><td>{@code urls}</td><td>paths, file, order</td></tr>
 *   <tr><td>{@code trace}</td><td>file, path-template</td></tr>
 *   <tr><td>{@code access-log}</td><td>file, methods</td></tr>
 *   <tr><td>{@code llm}</td><td>path, model, repeat, words</td></tr>
 *   <tr><td>{@code clickstream}</td><td>graph, max-views, visitors, think-ms, site</td></tr>
 * </table>
 *
 * <p>A new workload is one more line in {@link #BUILT_IN}, or a {@link #register} call before
 * the run (as {@code cdn loadtest} does to walk a synthetic site with the clickstream).
 */
public final class Workloads {

  private static final Map<String, WorkloadFactory> BUILT_IN = Map.of(
      "zipf", ZipfWorkload::create,
      "urls", UrlListWorkload::create,
      "trace", TraceWorkload::create,
      "access-log", AccessLogWorkload::create,
      "llm", LlmPromptWorkload::create,
      "clickstream", ClickstreamWorkload::create);

  private static final Map<String, WorkloadFactory> REGISTERED =
      new ConcurrentHashMap<>(BUILT_IN);

  private Workloads() {}

  /** Adds or replaces the workload called {@code name}. */
  public static void register(String name, WorkloadFactory factory) {
    REGISTERED.put(name, factory);
  }

  public static Set<String> names() {
    return new TreeMap<>(REGISTERED).keySet();
  }

  /**
   * The workload {@code name} made from {@code settings}.
   *
   * @throws IllegalArgumentException an unknown name, a bad setting, or a setting the workload
   *     does not read (a typo)
   */
  public static Workload create(String name, WorkloadSettings settings, long seed)
      throws IOException {
    WorkloadFactory factory = REGISTERED.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown workload " + name + " (known: "
          + String.join(", ", names()) + ")");
    }
    Workload workload = factory.create(settings, seed);
    if (!settings.unread().isEmpty()) {
      throw new IllegalArgumentException("workload " + name + " has no setting "
          + String.join(", ", settings.unread()));
    }
    return workload;
  }
}
