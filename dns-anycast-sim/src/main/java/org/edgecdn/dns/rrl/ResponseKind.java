package org.edgecdn.dns.rrl;

import org.xbill.DNS.Rcode;

/** Which bucket a response draws from. */
public enum ResponseKind {
  /** NOERROR: an answer, a referral or NODATA. */
  ANSWER,
  /** Every other response code: NXDOMAIN, REFUSED, FORMERR, NOTIMP, SERVFAIL, BADVERS. */
  ERROR;

  /** The kind of a response with this (full) response code. */
  public static ResponseKind of(int rcode) {
    return rcode == Rcode.NOERROR ? ANSWER : ERROR;
  }
}
