package org.edgecdn.edge.llm;

import io.vertx.core.buffer.Buffer;
import java.util.Set;

/**
 * An LLM answer as stored: the bytes exactly as the provider sent them (for a stream, every
 * event with its boundaries), what a hit needs to answer and to count what it saved, and what a
 * purge needs to cover it.
 *
 * @param contentType the provider's, e.g. {@code text/event-stream}
 * @param tokens {@code usage.total_tokens} of the answer, 0 when it gave none
 * @param originNanos how long the provider took, from request sent to last byte
 * @param purgeSeq the node's applied purge sequence when the fetch started
 * @param tags {@code llm-model:<model>} and {@code llm-route:<path>}, for purges by tag
 */
record StoredAnswer(String contentType, Buffer body, long storedAtMillis, long expiresAtMillis,
    long tokens, long originNanos, long purgeSeq, String site, String host, String route,
    Set<String> tags) {

  int weight() {
    return body.length() + 256;
  }
}
