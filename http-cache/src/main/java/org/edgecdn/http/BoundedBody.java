package org.edgecdn.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Reads a request body that a node must hold whole (a purge, a custom domain, an LLM prompt), at
 * most a bound: a declared {@code Content-Length} over it is refused before a byte is read, and a
 * body that grows past it while streaming in is refused as soon as it does. Only one of the
 * three outcomes is called, once.
 */
public final class BoundedBody {

  private BoundedBody() {}

  /**
   * @param answerExpectContinue send {@code 100 Continue} once the declared size is acceptable
   *     (for servers that do not answer {@code Expect} on their own)
   * @param then takes the whole body
   * @param tooLarge takes the size that was refused (declared, or read so far)
   * @param malformed takes why the request's framing is unusable (a bad Content-Length)
   */
  public static void read(HttpServerRequest request, int maxBytes, boolean answerExpectContinue,
      Handler<Buffer> then, LongConsumer tooLarge, Consumer<String> malformed) {
    String declared = request.getHeader("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        malformed.accept("bad Content-Length " + declared);
        return;
      }
      if (length > maxBytes) {
        tooLarge.accept(length);
        return;
      }
    }
    if (answerExpectContinue && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      // Only now, once the size is known to be acceptable, does the client send the body.
      request.response().writeContinue();
    }
    Buffer body = Buffer.buffer(length > 0 ? (int) length : 1024);
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBytes) {
        refused[0] = true;
        tooLarge.accept(body.length() + chunk.length());
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> refused[0] = true); // the client is gone: no one to answer
    request.endHandler(v -> {
      if (!refused[0]) {
        then.handle(body);
      }
    });
  }
}
