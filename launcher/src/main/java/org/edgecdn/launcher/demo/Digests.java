package org.edgecdn.launcher.demo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one hash the demo origin uses for ETags and chat answers. */
final class Digests {

  private Digests() {}

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  /** The first {@code hexChars} hex digits of the SHA-256 of {@code data}. */
  static String sha256Hex(byte[] data, int hexChars) {
    return HexFormat.of().formatHex(sha256(data)).substring(0, hexChars);
  }
}
