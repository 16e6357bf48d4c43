package org.edgecdn.dns.rrl;

import java.util.Locale;

/** What to do with one UDP response; the lowercase name is the {@code action} metric tag. */
public enum Action {
  /** Within the limit: send it as it is. */
  SEND,
  /** Limited, slipped: send the header and question only, with TC set. */
  SLIP,
  /** Limited: send nothing. */
  DROP;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
