package org.edgecdn.launcher.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.PurgeTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.SiteSection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdn domains add|list|verify|remove}: a site's custom domains, through the running
 * network's admin API ({@code /api/v1/domains} on the first PoP), with the site's token of scope
 * {@code domains} from the network file.
 *
 * <p>Exit codes: 0 done (for {@code add} and {@code verify}: the domain is served), 3 the domain
 * is pending (its DNS does not point at the network yet; the record to create is printed), 1
 * the API could not be reached, 2 bad arguments, a bad network file, or a refusal (4xx).
 */
@Command(name = "domains", mixinStandardHelpOptions = true,
    description = "Onboard a site's custom domains: checked by DNS, then served by every edge.",
    subcommands = {DomainsCommand.Add.class, DomainsCommand.ListDomains.class,
        DomainsCommand.Verify.class, DomainsCommand.Remove.class})
public final class DomainsCommand implements Runnable {

  /** The domain was recorded, but its DNS does not point at the network yet. */
  static final int PENDING = 3;
  static final int UNREACHABLE = 1;
  private static final String PATH = "/api/v1/domains";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** What every subcommand shares: the network file, the site, the output. */
  abstract static class Base implements Callable<Integer> {
    @Option(names = "--site", paramLabel = "NAME",
        description = "the site (needed when the network has several)")
    String site;

    @Mixin
    AdminCallOptions adminCall = new AdminCallOptions();

    PrintStream out = System.out;
    PrintStream err = System.err;

    abstract String name();

    abstract int call(AdminApiClient api, String siteName) throws IOException;

    @Override
    public Integer call() {
      Optional<NetworkConfig> network = adminCall.network(err);
      if (network.isEmpty()) {
        return ExitCodes.BAD_CONFIG;
      }
      SiteSection chosen;
      String token;
      URI base;
      try {
        chosen = chooseSite(network.get());
        token = chosen.purgeTokens().stream().filter(t -> t.scopes().contains("domains"))
            .map(PurgeTokenSection::token).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("site " + chosen.name()
                + " has no token with scope domains (add one under sites[].purge-tokens)"));
        base = AdminApiClient.base(network.get());
      } catch (IllegalArgumentException e) {
        err.println("cdn domains " + name() + ": " + e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
      AdminApiClient api = new AdminApiClient(base, token, adminCall.timeout);
      try {
        return call(api, chosen.name());
      } catch (IOException e) {
        err.println("cdn domains " + name() + ": " + api.unreachable(e));
        return UNREACHABLE;
      }
    }

    private SiteSection chooseSite(NetworkConfig network) {
      List<SiteSection> sites = network.sites();
      String names = sites.stream().map(SiteSection::name).collect(Collectors.joining(", "));
      if (site != null) {
        return sites.stream().filter(s -> s.name().equals(site)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no site named " + site
                + " (sites: " + names + ")"));
      }
      if (sites.size() != 1) {
        throw new IllegalArgumentException(sites.isEmpty() ? "the network has no sites"
            : "the network has several sites (" + names + "): name one with --site");
      }
      return sites.get(0);
    }

    /** Prints one domain's answer; the exit code follows its state. */
    int report(HttpResponse<String> response) {
      int code = response.statusCode();
      Optional<JsonObject> result = AdminApiClient.json(response.body())
          .map(j -> j.getJsonObject("result"));
      if (code >= 300 || result.isEmpty()) {
        err.println("cdn domains " + name() + ": refused (HTTP " + code + "): "
            + AdminApiClient.message(response));
        return code >= 500 ? UNREACHABLE : ExitCodes.BAD_CONFIG;
      }
      JsonObject domain = result.get();
      String state = domain.getString("state", "?");
      out.println(domain.getString("domain") + ": " + state + " for site "
          + domain.getString("site") + found(domain));
      if ("pending".equals(state)) {
        out.println("  create this record at the domain's DNS host:");
        out.println("    " + domain.getString("required_record"));
        out.println("  then: cdn domains verify " + domain.getString("domain")
            + "   (pending domains are also checked again every few minutes)");
        return PENDING;
      }
      if ("active".equals(state)) {
        out.println("  every edge and the DNS serve it within seconds");
      }
      return ExitCodes.OK;
    }

    private static String found(JsonObject domain) {
      String found = domain.getString("found");
      return found == null ? "" : " (found: " + found + ")";
    }

    static String encoded(String domain) {
      return URLEncoder.encode(domain, StandardCharsets.UTF_8);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a custom domain to a site; served once its DNS points at the network.")
  static final class Add extends Base {
    @Parameters(paramLabel = "DOMAIN", description = "e.g. www.their-site.top")
    String domain;

    @Override
    String name() {
      return "add";
    }

    @Override
    int call(AdminApiClient api, String siteName) throws IOException {
      return report(api.send("POST", PATH, Optional.of(
          new JsonObject().put("domain", domain).put("site", siteName))));
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check a pending (or active) domain's DNS again now.")
  static final class Verify extends Base {
    @Parameters(paramLabel = "DOMAIN")
    String domain;

    @Override
    String name() {
      return "verify";
    }

    @Override
    int call(AdminApiClient api, String siteName) throws IOException {
      return report(api.send("POST", PATH + "/" + encoded(domain) + "/verify", Optional.empty()));
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Stop serving a custom domain.")
  static final class Remove extends Base {
    @Parameters(paramLabel = "DOMAIN")
    String domain;

    @Override
    String name() {
      return "remove";
    }

    @Override
    int call(AdminApiClient api, String siteName) throws IOException {
      HttpResponse<String> response = api.send("DELETE", PATH + "/" + encoded(domain),
          Optional.empty());
      if (response.statusCode() != 200) {
        err.println("cdn domains remove: refused (HTTP " + response.statusCode() + "): "
            + AdminApiClient.message(response));
        return response.statusCode() >= 500 ? UNREACHABLE : ExitCodes.BAD_CONFIG;
      }
      out.println(domain + ": removed from site " + siteName);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List a site's domains: from the network file and onboarded, with state.")
  static final class ListDomains extends Base {
    @Override
    String name() {
      return "list";
    }

    @Override
    int call(AdminApiClient api, String siteName) throws IOException {
      HttpResponse<String> response = api.send("GET", PATH, Optional.empty());
      JsonArray domains = AdminApiClient.json(response.body())
          .map(j -> j.getJsonArray("result")).orElse(null);
      if (response.statusCode() != 200 || domains == null) {
        err.println("cdn domains list: refused (HTTP " + response.statusCode() + "): "
            + AdminApiClient.message(response));
        return response.statusCode() >= 500 ? UNREACHABLE : ExitCodes.BAD_CONFIG;
      }
      int width = 6;
      for (int i = 0; i < domains.size(); i++) {
        width = Math.max(width, domains.getJsonObject(i).getString("domain").length());
      }
      out.println(String.format("%-" + width + "s  %-10s  %s", "DOMAIN", "STATE",
          "DETAIL").stripTrailing());
      for (int i = 0; i < domains.size(); i++) {
        JsonObject d = domains.getJsonObject(i);
        String state = d.getString("state");
        String detail = switch (state) {
          case "configured" -> "from the network file";
          case "pending" -> "create: " + d.getString("required_record") + "  (found: "
              + d.getString("found") + ")";
          default -> d.getString("found", "");
        };
        out.println(String.format("%-" + width + "s  %-10s  %s", d.getString("domain"), state,
            detail).stripTrailing());
      }
      return ExitCodes.OK;
    }
  }
}
