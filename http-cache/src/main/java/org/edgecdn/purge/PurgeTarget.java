package org.edgecdn.purge;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What a purge removes, within one site. Exactly one kind per purge (DESIGN §5).
 */
public sealed interface PurgeTarget {

  /** Whole URLs: every variant, every scheme (the key's query normalization applies). */
  record Urls(List<URI> urls) implements PurgeTarget {
    public Urls {
      urls = List.copyOf(urls);
    }
  }

  /** Cache tags, as the origin named them in {@code Surrogate-Key} or {@code Cache-Tag}. */
  record Tags(List<String> tags) implements PurgeTarget {
    public Tags {
      tags = List.copyOf(tags);
    }
  }

  /** Path prefixes, on one host of the site or (host empty) on all of them. */
  record Prefixes(List<Prefix> prefixes) implements PurgeTarget {
    public Prefixes {
      prefixes = List.copyOf(prefixes);
    }
  }

  /** One prefix: {@code /static/} on {@code www.shop.example}, or on every host. */
  record Prefix(Optional<String> host, String pathPrefix) {}

  /** Everything under these host names of the site. */
  record Hosts(List<String> hosts) implements PurgeTarget {
    public Hosts {
      hosts = List.copyOf(hosts);
    }
  }

  /** Everything of the site. Always hard. */
  record Everything() implements PurgeTarget {}

  /** How many targets this purge names (limits count these). */
  default int size() {
    if (this instanceof Urls u) {
      return u.urls().size();
    }
    if (this instanceof Tags t) {
      return t.tags().size();
    }
    if (this instanceof Prefixes p) {
      return p.prefixes().size();
    }
    if (this instanceof Hosts h) {
      return h.hosts().size();
    }
    return 1;
  }

  /** The kind's wire name, as in the API and in metrics: files, tags, prefixes, hosts, everything. */
  default String kind() {
    if (this instanceof Urls) {
      return "files";
    }
    if (this instanceof Tags) {
      return "tags";
    }
    if (this instanceof Prefixes) {
      return "prefixes";
    }
    if (this instanceof Hosts) {
      return "hosts";
    }
    return "everything";
  }
}
