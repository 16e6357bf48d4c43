package org.edgecdn.predictor.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server-sent event stream as an LLM provider sends it, read after the fact: its events (split
 * on blank lines, WHATWG HTML §9.2.6), whether it ended with {@code data: [DONE]}, and the data
 * lines a caller wants to inspect (finish reasons, usage). Only a stream that reached
 * {@code [DONE]} is complete; anything else was cut short and must not be stored.
 */
public final class SseTranscript {

  private final List<String> events;

  private SseTranscript(List<String> events) {
    this.events = List.copyOf(events);
  }

  /** Reads {@code text} (the whole stream, UTF-8 decoded); CRLF and LF both end lines. */
  public static SseTranscript read(String text) {
    String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
    List<String> events = new ArrayList<>();
    for (String block : normalized.split("\n\n")) {
      if (!block.isBlank()) {
        events.add(block);
      }
    }
    return new SseTranscript(events);
  }

  public List<String> events() {
    return events;
  }

  /** The {@code data:} payloads, one per event that has one (multi-line data joined by \n). */
  public List<String> data() {
    List<String> data = new ArrayList<>();
    for (String event : events) {
      StringBuilder joined = null;
      for (String line : event.split("\n")) {
        if (line.startsWith("data:")) {
          String value = line.substring(5);
          value = value.startsWith(" ") ? value.substring(1) : value;
          joined = joined == null ? new StringBuilder(value) : joined.append('\n').append(value);
        }
      }
      if (joined != null) {
        data.add(joined.toString());
      }
    }
    return data;
  }

  /** The stream's last data is {@code [DONE]}. */
  public boolean complete() {
    List<String> data = data();
    return !data.isEmpty() && data.get(data.size() - 1).strip().equals("[DONE]");
  }

  /** The last data payload before {@code [DONE]} that satisfies {@code test}. */
  public Optional<String> lastData(java.util.function.Predicate<String> test) {
    List<String> data = data();
    for (int i = data.size() - 1; i >= 0; i--) {
      if (test.test(data.get(i))) {
        return Optional.of(data.get(i));
      }
    }
    return Optional.empty();
  }
}
