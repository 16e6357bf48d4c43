package org.edgecdn.launcher.domains;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.edgecdn.cluster.domains.CustomDomain;
import org.edgecdn.cluster.domains.CustomDomain.State;
import org.edgecdn.cluster.domains.DomainRegistry;
import org.edgecdn.dns.onboard.DomainVerifier;
import org.edgecdn.dns.onboard.Verification;
import org.edgecdn.launcher.domains.OnboardingResult.Configured;
import org.edgecdn.launcher.domains.OnboardingResult.Recorded;
import org.edgecdn.launcher.domains.OnboardingResult.Refused;
import org.edgecdn.launcher.domains.OnboardingResult.Removed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custom-domain onboarding (DESIGN §6): {@code cdn domains add www.their-site.top --site shop}.
 *
 * <h2>Flow</h2>
 * <ol>
 *   <li>The name is checked (a host name, not the network's zone, not another site's) and
 *       refused with the reason otherwise; nothing is stored then.
 *   <li>Its DNS is checked through the configured resolver ({@link DomainVerifier}): a CNAME
 *       to {@code <site>.<zone>}, or for an apex, addresses that are all the PoPs'.
 *   <li>The domain is stored in the cluster's registry, {@code active} when the check passed,
 *       else {@code pending} with the record the customer must create. Every edge, shield and
 *       the DNS read the registry ({@code DomainWatcher}) and serve active domains only.
 *   <li>Pending domains are checked again every {@code recheck-interval}
 *       ({@link #recheckPending()}) and on demand ({@link #verify}), and become active once
 *       the record is there.
 * </ol>
 * A check that finds the name pointing elsewhere turns an active domain pending again (the
 * customer has moved it away, and our edges must not keep claiming it); a check that cannot
 * reach the resolver changes nothing but the note of what was found, so a resolver outage
 * never takes a working domain offline.
 */
public final class DomainOnboarding {

  private static final Logger LOG = LoggerFactory.getLogger(DomainOnboarding.class);

  private final String zone;
  private final Map<String, String> configured;
  private final List<String> sites;
  private final List<String> popAddresses;
  private final DomainVerifier verifier;
  private final DomainRegistry registry;
  private final LongSupplier clock;

  /**
   * @param zone the network's zone ({@code cdn.test})
   * @param configured the domains of the network file, domain → site
   * @param sites the names of the sites
   * @param popAddresses the addresses DNS hands out for PoPs (what an apex must point at)
   * @param clock epoch milliseconds
   */
  public DomainOnboarding(String zone, Map<String, String> configured, List<String> sites,
      List<String> popAddresses, DomainVerifier verifier, DomainRegistry registry,
      LongSupplier clock) {
    this.zone = zone;
    this.configured = Map.copyOf(configured);
    this.sites = List.copyOf(sites);
    this.popAddresses = List.copyOf(popAddresses);
    this.verifier = verifier;
    this.registry = registry;
    this.clock = clock;
  }

  /** Adds {@code rawName} to {@code site}, or checks it again if it is there already. */
  public Future<OnboardingResult> add(String rawName, String site) {
    String name;
    try {
      name = DomainNames.normalize(rawName);
    } catch (IllegalArgumentException e) {
      return done(new Refused(400, e.getMessage()));
    }
    if (!sites.contains(site)) {
      return done(new Refused(404, "no site named " + site + " (sites: "
          + String.join(", ", sites) + ")"));
    }
    if (DomainNames.within(name, zone)) {
      return done(new Refused(400, name + " is in the network's own zone " + zone
          + ": sites get " + site + "." + zone + " without onboarding"));
    }
    String owner = configured.get(name);
    if (owner != null) {
      return done(owner.equals(site) ? new Configured(name, site)
          : new Refused(409, name + " belongs to site " + owner + " in the network file"));
    }
    return registry.get(name).compose(existing -> {
      if (existing.isPresent() && !existing.get().site().equals(site)) {
        return done(new Refused(409, name + " is already onboarded for site "
            + existing.get().site() + "; remove it there first"));
      }
      long now = clock.getAsLong();
      CustomDomain base = existing.orElseGet(() -> new CustomDomain(name, site, State.PENDING,
          "not checked yet", requiredRecord(name, site), now, now));
      return check(base, existing.isEmpty());
    }, this::unreachable);
  }

  /** Checks an onboarded domain of {@code site} again now. */
  public Future<OnboardingResult> verify(String rawName, String site) {
    return existing(rawName, site).compose(found -> found instanceof Recorded recorded
        ? check(recorded.domain(), false) : done(found), this::unreachable);
  }

  /** Removes an onboarded domain of {@code site}: no node serves it afterwards. */
  public Future<OnboardingResult> remove(String rawName, String site) {
    return existing(rawName, site).compose(found -> {
      if (!(found instanceof Recorded recorded)) {
        return done(found);
      }
      return registry.remove(recorded.domain().name()).map(removed -> {
        LOG.info("custom domain {} of site {} removed", recorded.domain().name(), site);
        return (OnboardingResult) new Removed(recorded.domain().name());
      });
    }, this::unreachable);
  }

  /** One domain of {@code site}: onboarded, or from the network file. */
  public Future<OnboardingResult> get(String rawName, String site) {
    return existing(rawName, site).recover(this::unreachable);
  }

  /** The domains of {@code site}: the network file's ({@code configured}) and onboarded ones. */
  public Future<List<JsonObject>> list(String site) {
    return registry.all().map(all -> {
      List<JsonObject> out = new ArrayList<>();
      configured.entrySet().stream().filter(e -> e.getValue().equals(site))
          .map(Map.Entry::getKey).sorted()
          .forEach(name -> out.add(configuredJson(name, site)));
      all.stream().filter(d -> d.site().equals(site))
          .sorted(Comparator.comparing(CustomDomain::name))
          .forEach(d -> out.add(d.toJson()));
      return out;
    });
  }

  /** Checks every pending domain again; those whose record now exists become active. */
  public Future<Void> recheckPending() {
    return registry.all().compose(all -> {
      List<Future<OnboardingResult>> checks = new ArrayList<>();
      all.stream().filter(d -> !d.active()).forEach(d -> checks.add(check(d, false)));
      return Future.join(checks).mapEmpty();
    });
  }

  /** The record {@code name} needs, as a zone-file line the customer can copy. */
  String requiredRecord(String name, String site) {
    String siteName = site + "." + zone + ".";
    if (DomainNames.looksLikeApex(name)) {
      return name + ". NS ns1." + zone + ". (an apex cannot be a CNAME: delegate it, or give it"
          + " the PoPs' addresses: " + String.join(", ", popAddresses) + ")";
    }
    return name + ". CNAME " + siteName;
  }

  static JsonObject configuredJson(String name, String site) {
    return new JsonObject().put("domain", name).put("site", site).put("state", "configured");
  }

  private Future<OnboardingResult> existing(String rawName, String site) {
    String name;
    try {
      name = DomainNames.normalize(rawName);
    } catch (IllegalArgumentException e) {
      return done(new Refused(400, e.getMessage()));
    }
    if (site.equals(configured.get(name))) {
      return done(new Configured(name, site));
    }
    return registry.get(name).map(found -> found.filter(d -> d.site().equals(site))
        .<OnboardingResult>map(d -> new Recorded(d, false))
        .orElse(new Refused(404, "site " + site + " has no custom domain " + name)));
  }

  private Future<OnboardingResult> check(CustomDomain domain, boolean created) {
    return Future.fromCompletionStage(
            verifier.verify(domain.name(), domain.site() + "." + zone))
        .compose(verification -> {
          CustomDomain next = next(domain, verification);
          return registry.put(next).map(stored -> {
            if (next.state() != domain.state() || created) {
              LOG.info("custom domain {} of site {}: {} ({})", next.name(), next.site(),
                  next.state().wireName(), next.found());
            }
            return (OnboardingResult) new Recorded(next, created);
          });
        }, this::unreachable);
  }

  private CustomDomain next(CustomDomain domain, Verification verification) {
    long now = clock.getAsLong();
    if (verification instanceof Verification.Verified) {
      return domain.checked(State.ACTIVE, verification.found(), now);
    }
    if (verification instanceof Verification.NotPointing) {
      return domain.checked(State.PENDING, verification.found(), now);
    }
    // The resolver failed: what we knew still holds.
    return domain.checked(domain.state(), verification.found(), now);
  }

  private Future<OnboardingResult> unreachable(Throwable error) {
    return done(new Refused(503, "custom domains are unavailable: " + error.getMessage()));
  }

  private static Future<OnboardingResult> done(OnboardingResult result) {
    return Future.succeededFuture(result);
  }
}
