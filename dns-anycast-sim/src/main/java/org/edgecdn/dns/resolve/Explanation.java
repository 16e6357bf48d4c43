package org.edgecdn.dns.resolve;

import java.util.List;
import java.util.Optional;

/**
 * Why DNS gives a client the answer it gives, for {@code cdn dns explain}.
 *
 * @param lines the explanation, one line each, for a person to read
 * @param rcode the response code the query gets, e.g. {@code NOERROR}, {@code NXDOMAIN}
 * @param pop the PoP chosen, when the name is steered
 */
public record Explanation(List<String> lines, String rcode, Optional<String> pop) {

  public Explanation {
    lines = List.copyOf(lines);
  }

  /** The lines joined with newlines, ending with one. */
  public String text() {
    return String.join("\n", lines) + "\n";
  }
}
