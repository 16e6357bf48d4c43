package org.edgecdn.dns.onboard;

/**
 * What the world's DNS says about a custom domain, as seen through the configured resolver.
 * Only {@link Verified} lets the network serve the name.
 */
public sealed interface Verification {

  /** What was found, for operators and for the customer ({@code CNAME shop.cdn.test.}). */
  String found();

  /** The name points at the network: its CNAME is the site's name, or its addresses are ours. */
  record Verified(String found) implements Verification {}

  /** The name exists elsewhere or not at all: the customer has a record to create or fix. */
  record NotPointing(String found) implements Verification {}

  /** The resolver did not answer usefully (timeout, SERVFAIL): nothing is known; try again. */
  record LookupFailed(String found) implements Verification {}
}
