package org.edgecdn.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading a {@code Bearer} credential and comparing tokens without leaking, by the time taken,
 * how much of a guess was right: what every admin API that takes tokens shares (site purge
 * tokens, the operator's token).
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}: the comparison
 * is then constant-time and length-independent, since every digest is 32 bytes.
 */
public final class BearerCredential {

  private static final String BEARER = "bearer ";

  private BearerCredential() {}

  /**
   * The token of a {@code Bearer} credential (RFC 6750 §2.1; the scheme is case-insensitive,
   * RFC 9110 §11.1), or empty when there is none.
   */
  public static Optional<String> token(String authorizationHeader) {
    if (authorizationHeader == null) {
      return Optional.empty();
    }
    String value = authorizationHeader.trim();
    if (value.length() <= BEARER.length()
        || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return Optional.empty();
    }
    String token = value.substring(BEARER.length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** The SHA-256 digest of {@code token}, the form in which tokens are kept and compared. */
  public static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
