package org.edgecdn.predictor.llm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the provider's answer may be stored: status 200, no {@code private} or
 * {@code no-store} in its Cache-Control, and every choice finished normally
 * ({@code finish_reason} stop or length; a tool call or a content filter is not a normal end,
 * and an answer cut short has no reason at all).
 */
public final class AnswerCheck {

  private AnswerCheck() {}

  /** Why the answer is not stored, or empty when it may be. */
  public static Optional<String> refusal(int status, String cacheControl,
      List<String> finishReasons) {
    if (status != 200) {
      return Optional.of("status " + status);
    }
    if (cacheControl != null) {
      String lower = cacheControl.toLowerCase(Locale.ROOT);
      if (lower.contains("no-store") || lower.contains("private")) {
        return Optional.of("origin said " + cacheControl.strip());
      }
    }
    if (finishReasons.isEmpty()) {
      return Optional.of("no finish_reason");
    }
    for (String reason : finishReasons) {
      if (!"stop".equals(reason) && !"length".equals(reason)) {
        return Optional.of("finish_reason " + reason);
      }
    }
    return Optional.empty();
  }

  /** Embeddings have no finish reason: a 200 without no-store is complete. */
  public static Optional<String> refusalWithoutChoices(int status, String cacheControl) {
    return refusal(status, cacheControl, List.of("stop"));
  }
}
