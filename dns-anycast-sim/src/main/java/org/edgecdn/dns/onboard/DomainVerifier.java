package org.edgecdn.dns.onboard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.edgecdn.dns.onboard.Verification.LookupFailed;
import org.edgecdn.dns.onboard.Verification.NotPointing;
import org.edgecdn.dns.onboard.Verification.Verified;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Checks, through a resolver, that a customer's domain points at the network before the network
 * serves it: the same proof Vercel, Netlify and Fastly ask for. Without it anyone could claim
 * someone else's name on our edges.
 *
 * <h2>The rule</h2>
 * <ol>
 *   <li>Ask for the name's CNAME. If there is one, it must be the site's name in the network
 *       zone ({@code www.their-site.top CNAME shop.cdn.test.}); any other target is refused.
 *   <li>Without a CNAME (a zone apex cannot have one, RFC 1034 §3.6.2), ask for A and AAAA: the
 *       name passes when it has addresses and every one is a PoP's. That is the case when the
 *       customer's apex carries our addresses, or is delegated to our name server.
 *   <li>NXDOMAIN, or no addresses, or a foreign one: {@link NotPointing}, saying what was found.
 *       SERVFAIL, REFUSED or a timeout: {@link LookupFailed}; nothing is known yet.
 * </ol>
 * The CNAME must point at the site's name directly; a chain through another name of the
 * customer's is not followed.
 *
 * <h2>Threads</h2>
 * Queries go out through dnsjava's asynchronous resolver (its own NIO selector), so checking
 * never blocks the caller's thread; the returned stage completes on one of dnsjava's or the
 * common pool's threads.
 */
public final class DomainVerifier {

  /** How long one query may take before the check counts as failed. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private final SimpleResolver resolver;
  private final InetSocketAddress resolverAddress;
  private final Set<InetAddress> popAddresses;

  /**
   * @param resolver the recursive resolver to ask
   * @param popAddresses every address DNS hands out for a PoP
   */
  public DomainVerifier(InetSocketAddress resolver, Set<InetAddress> popAddresses,
      Duration timeout) {
    this.resolverAddress = resolver;
    this.resolver = new SimpleResolver(resolver);
    this.resolver.setTimeout(timeout);
    this.popAddresses = Set.copyOf(popAddresses);
  }

  /** The resolver asked, for messages. */
  public InetSocketAddress resolver() {
    return resolverAddress;
  }

  /**
   * Checks that {@code domain} points at {@code siteName} ({@code shop.cdn.test.}).
   *
   * @param domain a valid host name, without trailing dot
   */
  public CompletionStage<Verification> verify(String domain, String siteName) {
    Name name;
    Name target;
    try {
      name = absolute(domain);
      target = absolute(siteName);
    } catch (TextParseException e) {
      return CompletableFuture.completedFuture(
          new NotPointing("'" + domain + "' is not a valid DNS name"));
    }
    return ask(name, Type.CNAME).thenCompose(cname -> {
      int rcode = cname.getRcode();
      if (rcode == Rcode.NXDOMAIN) {
        return done(new NotPointing(domain + " does not exist (NXDOMAIN)"));
      }
      if (rcode != Rcode.NOERROR) {
        return done(new LookupFailed(
            "the resolver answered " + Rcode.string(rcode) + " for " + domain + " CNAME"));
      }
      for (Record record : cname.getSection(Section.ANSWER)) {
        if (record instanceof CNAMERecord alias && record.getName().equals(name)) {
          String found = "CNAME " + alias.getTarget();
          return done(alias.getTarget().equals(target)
              ? new Verified(found) : new NotPointing(found + " (not " + target + ")"));
        }
      }
      return addresses(name, domain);
    }).exceptionally(error -> new LookupFailed("no answer from the resolver "
        + resolverAddress.getAddress().getHostAddress() + ":" + resolverAddress.getPort()
        + " (" + rootCause(error) + ")"));
  }

  private CompletionStage<Verification> addresses(Name name, String domain) {
    return ask(name, Type.A).thenCombine(ask(name, Type.AAAA), (a, aaaa) -> {
      for (Message reply : List.of(a, aaaa)) {
        int rcode = reply.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
          return new LookupFailed("the resolver answered " + Rcode.string(rcode) + " for "
              + domain + " " + Type.string(reply.getQuestion().getType()));
        }
      }
      List<InetAddress> found = new ArrayList<>();
      for (Message reply : List.of(a, aaaa)) {
        for (Record record : reply.getSection(Section.ANSWER)) {
          if (record instanceof ARecord ip && record.getName().equals(name)) {
            found.add(ip.getAddress());
          } else if (record instanceof AAAARecord ip && record.getName().equals(name)) {
            found.add(ip.getAddress());
          }
        }
      }
      if (found.isEmpty()) {
        return new NotPointing("no CNAME and no address records");
      }
      String listed = found.stream().map(InetAddress::getHostAddress)
          .collect(Collectors.joining(", "));
      List<String> foreign = found.stream().filter(ip -> !popAddresses.contains(ip))
          .map(InetAddress::getHostAddress).toList();
      return foreign.isEmpty()
          ? new Verified("addresses " + listed + " (the network's)")
          : new NotPointing("addresses " + listed + ": " + String.join(", ", foreign)
              + " is not an address of the network");
    });
  }

  private CompletionStage<Message> ask(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    return resolver.sendAsync(query);
  }

  private static CompletionStage<Verification> done(Verification verification) {
    return CompletableFuture.completedFuture(verification);
  }

  private static Name absolute(String text) throws TextParseException {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    return Name.fromString(lower.endsWith(".") ? lower : lower + ".");
  }

  private static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
