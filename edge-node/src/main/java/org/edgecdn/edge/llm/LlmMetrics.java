package org.edgecdn.edge.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code cdn_llm_cache_total{result}} (hit, miss, bypass_personalized, bypass_nondeterministic,
 * bypass_nostore), {@code cdn_llm_tokens_saved_total} and
 * {@code cdn_llm_latency_saved_seconds_total}, and {@code cdn_llm_tasks_total{result}} (accepted,
 * done, failed, retried), per PoP and site.
 */
final class LlmMetrics {

  private final MeterRegistry registry;
  private final String pop;
  private final Map<String, Counter> results = new ConcurrentHashMap<>();
  private final Map<String, Counter> tasks = new ConcurrentHashMap<>();
  private final Map<String, Counter> tokens = new ConcurrentHashMap<>();
  private final Map<String, Counter> latency = new ConcurrentHashMap<>();

  LlmMetrics(MeterRegistry registry, String pop) {
    this.registry = registry;
    this.pop = pop;
  }

  void result(String site, String result) {
    results.computeIfAbsent(site + " " + result, k -> Counter.builder("cdn.llm.cache")
        .description("LLM requests by what the answer cache did")
        .tags("pop", pop, "site", site, "result", result).register(registry)).increment();
  }

  void task(String site, String result) {
    tasks.computeIfAbsent(site + " " + result, k -> Counter.builder("cdn.llm.tasks")
        .description("Long LLM requests run as tasks, by what happened to them")
        .tags("pop", pop, "site", site, "result", result).register(registry)).increment();
  }

  void saved(String site, long savedTokens, long originNanos) {
    tokens.computeIfAbsent(site, s -> Counter.builder("cdn.llm.tokens.saved")
        .description("Tokens the provider did not have to generate: usage of answers served"
            + " from the cache")
        .tags("pop", pop, "site", s).register(registry)).increment(savedTokens);
    latency.computeIfAbsent(site, s -> Counter.builder("cdn.llm.latency.saved")
        .baseUnit("seconds")
        .description("Provider time not waited for: what each cached answer took to generate")
        .tags("pop", pop, "site", s).register(registry))
        .increment(originNanos / (double) TimeUnit.SECONDS.toNanos(1));
  }
}
