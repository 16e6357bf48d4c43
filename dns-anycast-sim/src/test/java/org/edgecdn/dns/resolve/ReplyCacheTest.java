package org.edgecdn.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.dns.DemoNetwork.PARIS;
import static org.edgecdn.dns.DemoNetwork.TOKYO;
import static org.edgecdn.dns.resolve.Queries.query;
import static org.edgecdn.dns.resolve.Queries.withSubnet;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.Transport;
import org.edgecdn.dns.geo.CidrTable;
import org.edgecdn.dns.geo.NearestPopSelector;
import org.edgecdn.dns.geo.PopChoice;
import org.edgecdn.dns.zone.ZoneSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Replies served from {@link ReplyCache} are byte for byte what the resolver builds from
 * scratch: each case asks a warm resolver and a cold one the same query and compares.
 */
class ReplyCacheTest {

  private final Set<String> down = new HashSet<>();
  private final QueryResolver warm = resolver();

  private QueryResolver resolver() {
    var options = DemoNetwork.options();
    return new QueryResolver(
        ZoneSet.of(options),
        CidrTable.of(options.locations()),
        new NearestPopSelector(options.pops(), pop -> !down.contains(pop)));
  }

  /** Asks the warm resolver twice (the second is a hit) and checks it against a cold one. */
  private byte[] askTwiceAndCompare(Message first, Message second, InetAddress from) {
    warm.handle(first.toWire(), from, Transport.UDP);
    assertThat(warm.cachedReplies()).as("kept for reuse").isPositive();
    byte[] hit = wire(warm.handle(second.toWire(), from, Transport.UDP));
    byte[] fresh = wire(resolver().handle(second.toWire(), from, Transport.UDP));
    assertThat(hit).isEqualTo(fresh);
    return hit;
  }

  @Test
  void hit_otherIdAndFlags_idPatchedFlagsKept() throws IOException {
    Message first = query("www.shop.example", Type.A);
    first.getHeader().setID(1);
    Message second = query("www.shop.example", Type.A);
    second.getHeader().setID(0xbeef);

    Message reply = new Message(askTwiceAndCompare(first, second, PARIS));

    assertThat(reply.getHeader().getID()).isEqualTo(0xbeef);
    assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).hasSize(2);
  }

  @Test
  void hit_questionInOtherCase_caseOfQueryEchoed() throws IOException {
    Message reply =
        new Message(askTwiceAndCompare(
            query("www.shop.example", Type.A), query("WwW.sHoP.ExAmPlE", Type.A), PARIS));

    assertThat(reply.getQuestion().getName().toString()).isEqualTo("WwW.sHoP.ExAmPlE.");
  }

  @Test
  void hit_nxdomainInOtherCase_soaOwnerFollowsQuery() {
    askTwiceAndCompare(query("nope.cdn.test", Type.A), query("NOPE.CDN.TEST", Type.A), PARIS);
  }

  @Test
  void hit_otherSubnetSamePrefix_subnetEchoedAsReceived() throws IOException {
    Message first = withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 24);
    Message second = withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 24);
    askTwiceAndCompare(first, second, TOKYO);
    // Another /24 of the same region: same PoP, same key, its own address in the echo.
    Message third = withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 23);
    byte[] wire = askTwiceAndCompare(third, third, TOKYO);

    ClientSubnetOption echo =
        (ClientSubnetOption) new Message(wire).getOPT()
            .getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    assertThat(echo.getSourcePrefixLength()).isEqualTo(23);
    assertThat(echo.getScopePrefixLength()).isEqualTo(23);
  }

  @Test
  void hit_otherRegionSubnet_otherPop() throws IOException {
    warm.handle(withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 24).toWire(), PARIS,
        Transport.UDP);

    byte[] wire = wire(warm.handle(
        withSubnet(query("shop.cdn.test", Type.A), "127.0.3.0", 24).toWire(), PARIS,
        Transport.UDP));

    assertThat(address(new Message(wire))).isEqualTo(DemoNetwork.AP.address());
  }

  @Test
  void healthChange_cachedAnswer_notServedForDownPop() throws IOException {
    byte[] before = wire(warm.handle(query("shop.cdn.test", Type.A).toWire(), PARIS,
        Transport.UDP));
    assertThat(address(new Message(before))).isEqualTo(DemoNetwork.EU.address());

    down.add("eu");
    byte[] after = wire(warm.handle(query("shop.cdn.test", Type.A).toWire(), PARIS,
        Transport.UDP));

    assertThat(address(new Message(after))).isEqualTo(DemoNetwork.US.address());
  }

  @Test
  void refused_notCached_answeredEachTime() {
    Message query = query("www.example.com", Type.A);

    Outcome first = warm.handle(query.toWire(), PARIS, Transport.UDP);
    Outcome second = warm.handle(query.toWire(), PARIS, Transport.UDP);

    assertThat(((Outcome.Reply) first).rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(((Outcome.Reply) second).rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(warm.cachedReplies()).isZero();
  }

  @Test
  void udpThenTcp_sameQuery_keptApartByLimit() throws IOException {
    Message query = query("cdn.test", Type.NS);
    byte[] udp = wire(warm.handle(query.toWire(), PARIS, Transport.UDP));
    byte[] tcp = wire(warm.handle(query.toWire(), PARIS, Transport.TCP));

    assertThat(new Message(tcp).getSection(Section.ANSWER)).isNotEmpty();
    assertThat(warm.cachedReplies()).isEqualTo(2);
    assertThat(udp).isEqualTo(wire(resolver().handle(query.toWire(), PARIS, Transport.UDP)));
  }

  @Test
  void notPlain_cookieOrTrailingBytes_answeredFromScratchAlike() {
    Message cookie = Queries.withEdns(query("shop.cdn.test", Type.A), 1232,
        new GenericEDNSOption(EDNSOption.Code.COOKIE, new byte[8]));
    for (int i = 0; i < 2; i++) {
      assertThat(wire(warm.handle(cookie.toWire(), PARIS, Transport.UDP)))
          .isEqualTo(wire(resolver().handle(cookie.toWire(), PARIS, Transport.UDP)));
    }
    assertThat(warm.cachedReplies()).as("a cookie makes a query not plain").isZero();

    byte[] plain = query("shop.cdn.test", Type.A).toWire();
    byte[] trailing = Arrays.copyOf(plain, plain.length + 3);
    assertThat(PlainQuery.read(trailing)).isNull();
    assertThat(wire(warm.handle(trailing, PARIS, Transport.UDP)))
        .isEqualTo(wire(resolver().handle(trailing, PARIS, Transport.UDP)));
  }

  @Test
  void subnetWithBitsBeyondPrefix_formerrEveryTime() {
    // 127.0.2.1/24 carried as three bytes is fine; /23 with the 24th bit set is not (RFC 7871 §6).
    byte[] wire = withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 23).toWire();
    wire[wire.length - 1] = 3;

    assertThat(PlainQuery.read(wire)).isNull();
    for (int i = 0; i < 2; i++) {
      assertThat(((Outcome.Reply) warm.handle(wire, PARIS, Transport.UDP)).rcode())
          .isEqualTo(Rcode.FORMERR);
    }
  }

  @Test
  void plainQuery_readsWhatDnsjavaReads() {
    Message query = withSubnet(query("WWW.Shop.example", Type.AAAA), "127.0.3.0", 24);
    query.getHeader().setFlag(Flags.CD);

    PlainQuery plain = PlainQuery.read(query.toWire());

    assertThat(plain).isNotNull();
    assertThat(plain.nameLength()).isEqualTo(query.getQuestion().getName().length());
    assertThat(plain.qtype()).isEqualTo(Type.AAAA);
    assertThat(plain.flags()).isEqualTo(3);
    assertThat(plain.udpLimit()).isEqualTo(ResponseWire.limit(query, Transport.UDP));
    assertThat(plain.ecsPrefix()).isEqualTo(24);
    assertThat(plain.ecsAddress()).containsExactly(127, 0, 3);
    assertThat(plain.locateBy(PARIS).getHostAddress()).isEqualTo("127.0.3.0");
  }

  @Test
  void key_nameInOtherCase_equalWithEqualHash() {
    ReplyCache.Key lower = key(query("www.shop.example", Type.A), DemoNetwork.EU);
    ReplyCache.Key mixed = key(query("WwW.ShOp.EXAMPLE", Type.A), DemoNetwork.EU);

    assertThat(mixed).isEqualTo(lower);
    assertThat(mixed.hashCode()).isEqualTo(lower.hashCode());
  }

  @Test
  void key_bytesThatDifferByCaseBitButAreNotLetters_differ() {
    // '[' and '{', '@' and '`', 0xC0 and 0xE0 differ by 0x20 as 'A' and 'a' do; DNS folds case
    // for ASCII letters only (RFC 4343 §3), so these are other names.
    assertThat(key(query("a[b.cdn.test", Type.A), DemoNetwork.EU))
        .isNotEqualTo(key(query("a{b.cdn.test", Type.A), DemoNetwork.EU));
    assertThat(key(query("a@b.cdn.test", Type.A), DemoNetwork.EU))
        .isNotEqualTo(key(query("a`b.cdn.test", Type.A), DemoNetwork.EU));
    assertThat(key(query("a\192b.cdn.test", Type.A), DemoNetwork.EU))
        .isNotEqualTo(key(query("a\224b.cdn.test", Type.A), DemoNetwork.EU));
  }

  @Test
  void key_otherNameTypePrefixOrPop_differ() {
    ReplyCache.Key base = key(withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 24),
        DemoNetwork.EU);

    assertThat(key(withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 24), DemoNetwork.EU))
        .isEqualTo(base);
    assertThat(key(withSubnet(query("shop.cdn.tesu", Type.A), "127.0.2.0", 24), DemoNetwork.EU))
        .isNotEqualTo(base);
    assertThat(key(withSubnet(query("shop.cdn.test", Type.AAAA), "127.0.2.0", 24),
        DemoNetwork.EU)).isNotEqualTo(base);
    assertThat(key(withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 23), DemoNetwork.EU))
        .isNotEqualTo(base);
    assertThat(key(query("shop.cdn.test", Type.A), DemoNetwork.EU)).isNotEqualTo(base);
    assertThat(key(withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 24), DemoNetwork.US))
        .isNotEqualTo(base);
  }

  @Test
  void key_equalChoicesOfAnotherSnapshot_equal() {
    PopChoice one = choice(DemoNetwork.EU);
    PopChoice other = choice(DemoNetwork.EU);
    PlainQuery plain = PlainQuery.read(query("shop.cdn.test", Type.A).toWire());

    ReplyCache.Key a = ReplyCache.lookupFor(plain, new byte[0], 512, q -> one).key();
    ReplyCache.Key b = ReplyCache.lookupFor(plain, new byte[0], 512, q -> other).key();

    assertThat(one).isNotSameAs(other);
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
  }

  @Test
  void plainQuery_ipv4Subnet_numberOfItsAddress() {
    PlainQuery plain =
        PlainQuery.read(withSubnet(query("shop.cdn.test", Type.A), "127.0.2.0", 23).toWire());

    assertThat(plain.locatedByIpv4Subnet()).isTrue();
    assertThat(plain.ecsIpv4()).isEqualTo(0x7f000200);
    assertThat(PlainQuery.read(withSubnet(query("shop.cdn.test", Type.A), "0.0.0.0", 0)
        .toWire()).locatedByIpv4Subnet()).as("source prefix 0: located by the source").isFalse();
  }

  private static ReplyCache.Key key(Message query, PopAddress pop) {
    PlainQuery plain = PlainQuery.read(query.toWire());
    assertThat(plain).isNotNull();
    PopChoice choice = choice(pop);
    return ReplyCache.lookupFor(plain, query.toWire(), 1232, q -> choice).key();
  }

  private static PopChoice choice(PopAddress pop) {
    return new PopChoice(pop, pop.inetAddress(), PopChoice.Basis.NEAREST_HEALTHY);
  }

  private static byte[] wire(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Reply.class);
    return ((Outcome.Reply) outcome).wire();
  }

  private static String address(Message reply) {
    List<Record> answer = reply.getSection(Section.ANSWER);
    return ((ARecord) answer.get(answer.size() - 1)).getAddress().getHostAddress();
  }
}
