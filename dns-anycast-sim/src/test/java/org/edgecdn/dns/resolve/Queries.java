package org.edgecdn.dns.resolve;

import java.net.InetAddress;
import java.util.List;
import org.edgecdn.dns.geo.IpLiteral;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** Builds test queries. */
final class Queries {

  private Queries() {}

  static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
  }

  static Message withEdns(Message query, int payloadSize, EDNSOption... options) {
    query.addRecord(new OPTRecord(payloadSize, 0, 0, 0, List.of(options)), Section.ADDITIONAL);
    return query;
  }

  static Message withSubnet(Message query, String network, int sourcePrefix) {
    InetAddress address = IpLiteral.parse(network);
    return withEdns(query, 1232, new ClientSubnetOption(sourcePrefix, address));
  }

  static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
