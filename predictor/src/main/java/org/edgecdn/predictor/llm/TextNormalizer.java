package org.edgecdn.predictor.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optional normalization of message text before keying: lower case, runs of whitespace made
 * one space, leading and trailing whitespace and trailing {@code .!?} removed. Only string
 * {@code content} of {@code messages} and a string {@code prompt} or {@code input} change;
 * everything else stays as sent.
 */
final class TextNormalizer {

  private TextNormalizer() {}

  static Map<String, Object> normalizeMessages(Map<String, Object> body) {
    Map<String, Object> out = new LinkedHashMap<>(body);
    if (out.get("messages") instanceof List<?> messages) {
      List<Object> normalized = new ArrayList<>();
      for (Object message : messages) {
        if (message instanceof Map<?, ?> m && m.get("content") instanceof String text) {
          Map<Object, Object> copy = new LinkedHashMap<>(m);
          copy.put("content", text(text));
          normalized.add(copy);
        } else {
          normalized.add(message);
        }
      }
      out.put("messages", normalized);
    }
    for (String field : List.of("prompt", "input")) {
      if (out.get(field) instanceof String text) {
        out.put(field, text(text));
      }
    }
    return out;
  }

  static String text(String text) {
    String collapsed = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    return collapsed.replaceAll("[.!?]+$", "");
  }
}
