package org.edgecdn.launcher.domains;

import org.edgecdn.cluster.domains.CustomDomain;

/** What an onboarding request came to, with the HTTP status the admin API answers. */
public sealed interface OnboardingResult {

  int status();

  /**
   * The domain as the registry now holds it. 201 when just added and verified, 200 when it was
   * there and verified, 202 when it is pending (its DNS does not point at the network yet).
   */
  record Recorded(CustomDomain domain, boolean created) implements OnboardingResult {
    @Override
    public int status() {
      return !domain.active() ? 202 : created ? 201 : 200;
    }
  }

  /** The network file gives the name to this site already: nothing to do. */
  record Configured(String domain, String site) implements OnboardingResult {
    @Override
    public int status() {
      return 200;
    }
  }

  /** Removed from the registry: no node serves it any more. */
  record Removed(String domain) implements OnboardingResult {
    @Override
    public int status() {
      return 200;
    }
  }

  /** Refused, nothing changed: 400 bad name, 404 unknown, 409 taken, 503 cluster unreachable. */
  record Refused(int status, String message) implements OnboardingResult {}
}
