package org.edgecdn.http.auth;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * The network operator's credential ({@code operator-token} in the network file): it may take a
 * node out of service and back, which is no site's business, so no purge token can. Kept only as
 * a digest and compared in constant time ({@link BearerCredential}); never printed.
 */
public final class OperatorToken {

  private final byte[] digest;

  public OperatorToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("empty operator token");
    }
    this.digest = BearerCredential.digest(token);
  }

  /** Whether {@code presented} (a bearer token) is this one. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(digest, BearerCredential.digest(presented));
  }

  @Override
  public String toString() {
    return "OperatorToken[(hidden)]";
  }
}
