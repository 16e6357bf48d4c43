package org.edgecdn.launcher.cli;

/** The exit codes of {@code cdn}, as scripts and CI rely on them. */
final class ExitCodes {

  static final int OK = 0;
  /** A node could not start or stopped on an error (for example, a port in use). */
  static final int START_FAILED = 1;
  /** The network file or the arguments are wrong; nothing was started. */
  static final int BAD_CONFIG = 2;

  private ExitCodes() {}
}
