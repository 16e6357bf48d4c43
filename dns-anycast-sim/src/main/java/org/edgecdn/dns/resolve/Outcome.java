package org.edgecdn.dns.resolve;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** What the server does with one received message. */
public sealed interface Outcome {

  /**
   * Send {@code wire} back.
   *
   * @param wire the reply as sent (truncated when it did not fit), encoded
   * @param rcode the full response code, extended ones (BADVERS) included
   * @param pop the PoP the answer steered to, if steering ran
   */
  record Reply(byte[] wire, int rcode, Optional<String> pop) implements Outcome {

    /** {@link #rcodeName()} of the codes 0-23, computed once: it is asked for every reply. */
    private static final String[] NAMES = new String[24];

    static {
      for (int i = 0; i < NAMES.length; i++) {
        NAMES[i] = Rcode.string(i).toLowerCase(Locale.ROOT);
      }
    }

    /** The response code as the {@code rcode} metric tag: {@code noerror}, {@code nxdomain}. */
    public String rcodeName() {
      return rcode >= 0 && rcode < NAMES.length
          ? NAMES[rcode]
          : Rcode.string(rcode).toLowerCase(Locale.ROOT);
    }

    /**
     * The reply decoded again from {@link #wire()}; for the rare uses that need records (rate
     * limiting's truncated form), since replies from {@link ReplyCache} exist only as bytes.
     */
    public Message message() {
      try {
        return new Message(wire);
      } catch (IOException e) {
        throw new IllegalStateException("a reply we encoded cannot be decoded", e);
      }
    }
  }

  /**
   * Send nothing: there is no header to answer (RFC 1035 §4.1.1 has no way to reply to it), or
   * the message is itself a response, which must never be answered (that is how loops start).
   */
  record Drop(String reason) implements Outcome {}
}
