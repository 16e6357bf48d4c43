package org.edgecdn.dns.resolve;

import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** What the server does with one received message. */
public sealed interface Outcome {

  /**
   * Send {@code wire} back.
   *
   * @param message the reply as sent (truncated when it did not fit)
   * @param wire its encoding
   * @param rcode the full response code, extended ones (BADVERS) included
   * @param pop the PoP the answer steered to, if steering ran
   */
  record Reply(Message message, byte[] wire, int rcode, Optional<String> pop) implements Outcome {

    /** The response code as the {@code rcode} metric tag: {@code noerror}, {@code nxdomain}. */
    public String rcodeName() {
      return Rcode.string(rcode).toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Send nothing: there is no header to answer (RFC 1035 §4.1.1 has no way to reply to it), or
   * the message is itself a response, which must never be answered (that is how loops start).
   */
  record Drop(String reason) implements Outcome {}
}
