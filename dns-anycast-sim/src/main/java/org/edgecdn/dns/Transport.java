package org.edgecdn.dns;

import java.util.Locale;

/** How a query arrived; the lowercase name is the {@code transport} metric tag. */
public enum Transport {
  UDP,
  TCP;

  /** {@code udp} or {@code tcp}, as in metric tags, logs and error messages. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
