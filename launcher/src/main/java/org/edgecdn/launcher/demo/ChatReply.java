package org.edgecdn.launcher.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo model: a short sentence whose words are picked by the SHA-256 of the canonical
 * request and which quotes the last user message. Equal requests get equal answers on every
 * run and every machine, which is what lets the edge's LLM-answer cache be tried and tested;
 * a different question, model or sampling parameter gets a different sentence.
 *
 * @param id {@code chatcmpl-} and the start of the request hash
 * @param content the answer
 * @param promptTokens words in the request's messages
 * @param completionTokens words in the answer
 */
record ChatReply(String id, String content, int promptTokens, int completionTokens) {

  private static final int QUOTE_LIMIT = 60;

  private static final String[] OPENERS = {
    "Sure.", "Good question.", "Happy to help.", "Short answer:",
    "From the edge:", "Right away.", "Noted.", "Here it is."
  };
  private static final String[] ADJECTIVES = {
    "nearest", "warm", "fresh", "shared", "revalidated", "tireless", "humble", "quick"
  };
  private static final String[] NOUNS = {
    "edge", "shield", "origin", "cache", "PoP", "replica", "proxy", "resolver"
  };
  private static final String[] VERBS = {
    "serves", "keeps", "returns", "remembers", "delivers", "saves", "streams", "hands back"
  };
  private static final String[] ENDINGS = {
    "in milliseconds", "without asking the origin", "until the next purge",
    "for everyone who asks the same", "from memory", "with a strong ETag",
    "at the nearest PoP", "before the TTL runs out"
  };

  static ChatReply answer(ChatRequest request) {
    byte[] hash = Digests.sha256(request.canonical().getBytes(StandardCharsets.UTF_8));
    String content = String.format("%s You asked about \"%s\". The %s %s %s this answer %s.",
        pick(OPENERS, hash[0]), quote(request.lastUserText()), pick(ADJECTIVES, hash[1]),
        pick(NOUNS, hash[2]), pick(VERBS, hash[3]), pick(ENDINGS, hash[4]));
    String id = "chatcmpl-" + HexFormat.of().formatHex(hash).substring(0, 24);
    return new ChatReply(id, content, request.promptTokens(), words(content));
  }

  int totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * The answer cut into one piece per word, each after the first with its leading space, so
   * the pieces of a stream concatenate to exactly {@link #content()}.
   */
  List<String> deltas() {
    String[] words = content.split(" ");
    List<String> deltas = new ArrayList<>(words.length);
    for (int i = 0; i < words.length; i++) {
      deltas.add(i == 0 ? words[i] : " " + words[i]);
    }
    return deltas;
  }

  static int words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  private static String pick(String[] words, byte hashByte) {
    return words[Byte.toUnsignedInt(hashByte) % words.length];
  }

  /** One line, at most {@value #QUOTE_LIMIT} characters, never a split surrogate pair. */
  private static String quote(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    if (line.isEmpty()) {
      return "nothing in particular";
    }
    if (line.codePointCount(0, line.length()) <= QUOTE_LIMIT) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, QUOTE_LIMIT - 3)) + "...";
  }
}
