package org.edgecdn.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.dns.DemoNetwork.NEW_YORK;
import static org.edgecdn.dns.DemoNetwork.NOWHERE;
import static org.edgecdn.dns.DemoNetwork.PARIS;
import static org.edgecdn.dns.DemoNetwork.TOKYO;
import static org.edgecdn.dns.resolve.Queries.name;
import static org.edgecdn.dns.resolve.Queries.query;
import static org.edgecdn.dns.resolve.Queries.withEdns;
import static org.edgecdn.dns.resolve.Queries.withSubnet;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.Transport;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.geo.PopChoice;
import org.edgecdn.dns.rrl.RrlOptions;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answering rules, one case each, on dnsjava messages and without sockets. */
class QueryResolverTest {

  private final QueryResolver resolver =
      QueryResolver.create(DemoNetwork.options(), PopHealth.allHealthy());

  private Message ask(Message query, InetAddress source) {
    return resolver.answer(query, source, Transport.UDP);
  }

  // --- positive answers -------------------------------------------------------------------

  @Test
  void customerName_a_cnameThenSiteAddressInOneAnswer() {
    Message reply = ask(query("www.shop.example", Type.A), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer).hasSize(2);
    CNAMERecord cname = (CNAMERecord) answer.get(0);
    assertThat(cname.getName()).isEqualTo(name("www.shop.example"));
    assertThat(cname.getTarget()).isEqualTo(name("shop.cdn.test"));
    ARecord a = (ARecord) answer.get(1);
    assertThat(a.getName()).isEqualTo(name("shop.cdn.test"));
    assertThat(a.getAddress()).isEqualTo(DemoNetwork.EU.inetAddress());
    assertThat(answer).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(20));
    assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
  }

  @Test
  void customerApex_a_addressWithoutCname() {
    Message reply = ask(query("shop.example", Type.A), TOKYO);

    assertThat(reply.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(ARecord.class, a -> {
          assertThat(a.getName()).isEqualTo(name("shop.example"));
          assertThat(a.getAddress()).isEqualTo(DemoNetwork.AP.inetAddress());
        });
  }

  @Test
  void siteName_a_addressOfNearestPop() {
    Message reply = ask(query("shop.cdn.test", Type.A), NEW_YORK);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(ARecord.class, a -> {
          assertThat(a.getAddress()).isEqualTo(DemoNetwork.US.inetAddress());
          assertThat(a.getTTL()).isEqualTo(20);
        });
  }

  @Test
  void customerName_cname_cnameOnlyNotFollowed() {
    Message reply = ask(query("www.shop.example", Type.CNAME), PARIS);

    assertThat(reply.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
  }

  @Test
  void queryName_mixedCase_matchesAndKeepsTheCaseAsked() {
    Message reply = ask(query("WwW.ShOp.ExAmPlE", Type.A), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER).get(0).getName().toString())
        .isEqualTo("WwW.ShOp.ExAmPlE.");
  }

  @Test
  void networkApex_soa_soaWithNegativeTtlAsMinimum() {
    Message reply = ask(query("cdn.test", Type.SOA), PARIS);

    SOARecord soa = (SOARecord) reply.getSection(Section.ANSWER).get(0);
    assertThat(soa.getHost()).isEqualTo(name("ns1.cdn.test"));
    assertThat(soa.getAdmin()).isEqualTo(name("hostmaster.cdn.test"));
    assertThat(soa.getMinimum()).isEqualTo(20);
  }

  @Test
  void networkApex_ns_ns1WithGlue() {
    Message reply = ask(query("cdn.test", Type.NS), PARIS);

    assertThat(reply.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            NSRecord.class, ns -> assertThat(ns.getTarget()).isEqualTo(name("ns1.cdn.test")));
    assertThat(reply.getSection(Section.ADDITIONAL))
        .singleElement()
        .isInstanceOfSatisfying(ARecord.class, a -> {
          assertThat(a.getName()).isEqualTo(name("ns1.cdn.test"));
          assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        });
  }

  @Test
  void customerApex_ns_servedByTheNetworkNameServer() {
    Message reply = ask(query("shop.example", Type.NS), PARIS);

    assertThat(reply.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            NSRecord.class, ns -> assertThat(ns.getTarget()).isEqualTo(name("ns1.cdn.test")));
  }

  // --- negative answers (RFC 2308) ---------------------------------------------------------

  @Test
  void siteName_aaaaWhileChosenPopIsIpv4_nodataWithSoa() {
    Message reply = ask(query("shop.cdn.test", Type.AAAA), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertNegativeSoa(reply, "cdn.test");
  }

  @Test
  void customerName_aaaaWhileChosenPopIsIpv4_cnameThenNodataWithSoa() {
    Message reply = ask(query("www.shop.example", Type.AAAA), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).singleElement().isInstanceOf(CNAMERecord.class);
    assertNegativeSoa(reply, "cdn.test");
  }

  @Test
  void unknownName_inNetworkZone_nxdomainWithSoa() {
    Message reply = ask(query("nope.cdn.test", Type.A), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertNegativeSoa(reply, "cdn.test");
  }

  @Test
  void unknownName_inCustomerZone_nxdomainWithThatZonesSoa() {
    Message reply = ask(query("api.shop.example", Type.A), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertNegativeSoa(reply, "shop.example");
  }

  @Test
  void existingName_typeItDoesNotHave_nodataWithSoa() {
    Message reply = ask(query("ns1.cdn.test", Type.TXT), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertNegativeSoa(reply, "cdn.test");
  }

  @Test
  void nameOutsideEveryZone_a_refusedWithoutAuthority() {
    Message reply = ask(query("www.example.com", Type.A), PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(reply.getQuestion().getName()).isEqualTo(name("www.example.com"));
  }

  @Test
  void chaosClass_versionBind_refused() {
    Message query = Message.newQuery(Record.newRecord(name("version.bind"), Type.TXT, DClass.CH));

    assertThat(ask(query, PARIS).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void zoneTransfer_axfr_refused() {
    assertThat(ask(query("cdn.test", Type.AXFR), PARIS).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  // --- ANY (RFC 8482) -------------------------------------------------------------------------

  @Test
  void any_siteName_onlyTheAddress() {
    Message reply = ask(query("shop.cdn.test", Type.ANY), PARIS);

    assertThat(reply.getSection(Section.ANSWER)).singleElement().isInstanceOf(ARecord.class);
  }

  @Test
  void any_networkApex_hinfoRfc8482() {
    Message reply = ask(query("cdn.test", Type.ANY), PARIS);

    assertThat(reply.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            HINFORecord.class, h -> assertThat(h.getCPU()).isEqualTo("RFC8482"));
  }

  // --- steering ---------------------------------------------------------------------------------

  @Test
  void clientSubnet_inEurope_picksEuAndEchoesScopeEqualToSource() {
    Message reply = ask(withSubnet(query("www.shop.example", Type.A), "127.0.2.0", 24), NOWHERE);

    ARecord a = (ARecord) reply.getSection(Section.ANSWER).get(1);
    assertThat(a.getAddress()).isEqualTo(DemoNetwork.EU.inetAddress());
    OPTRecord opt = reply.getOPT();
    assertThat(opt.getPayloadSize()).isEqualTo(1232);
    ClientSubnetOption echo = subnetOf(reply);
    assertThat(echo.getAddress().getHostAddress()).isEqualTo("127.0.2.0");
    assertThat(echo.getSourcePrefixLength()).isEqualTo(24);
    assertThat(echo.getScopePrefixLength()).isEqualTo(24);
  }

  @Test
  void clientSubnet_overridesSourceAddress() {
    Message reply = ask(withSubnet(query("shop.cdn.test", Type.A), "127.0.3.0", 24), PARIS);

    assertThat(((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress())
        .isEqualTo(DemoNetwork.AP.inetAddress());
  }

  @Test
  void clientSubnet_sourcePrefixZero_locatesBySourceAddressWithScopeZero() {
    Message reply = ask(withSubnet(query("shop.cdn.test", Type.A), "0.0.0.0", 0), TOKYO);

    assertThat(((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress())
        .isEqualTo(DemoNetwork.AP.inetAddress());
    assertThat(subnetOf(reply).getScopePrefixLength()).isZero();
  }

  @Test
  void clientSubnet_answerNotSteered_scopeZero() {
    Message reply = ask(withSubnet(query("nope.cdn.test", Type.A), "127.0.2.0", 24), NOWHERE);

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(subnetOf(reply).getScopePrefixLength()).isZero();
  }

  @Test
  void sourceAddress_tokyo_nearestIsAp() {
    Resolution resolution = resolver.resolve(query("shop.cdn.test", Type.A), TOKYO);

    assertThat(resolution.choice()).get().satisfies(c -> {
      assertThat(c.pop().name()).isEqualTo("ap");
      assertThat(c.basis()).isEqualTo(PopChoice.Basis.NEAREST_HEALTHY);
    });
  }

  @Test
  void location_unknown_firstPopInConfigOrder() {
    Resolution resolution = resolver.resolve(query("shop.cdn.test", Type.A), NOWHERE);

    assertThat(resolution.choice()).get().satisfies(c -> {
      assertThat(c.pop().name()).isEqualTo("us");
      assertThat(c.basis()).isEqualTo(PopChoice.Basis.FIRST_HEALTHY);
    });
  }

  @Test
  void health_nearestPopUnhealthy_nextNearestHealthyPop() {
    QueryResolver withoutEu =
        QueryResolver.create(DemoNetwork.options(), pop -> !pop.equals("eu"));

    Message reply = withoutEu.answer(query("shop.cdn.test", Type.A), PARIS, Transport.UDP);

    // Paris to Ashburn is about 6200 km, to Singapore about 10700 km.
    assertThat(((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress())
        .isEqualTo(DemoNetwork.US.inetAddress());
  }

  @Test
  void health_unknownLocationAndFirstPopUnhealthy_firstHealthyPop() {
    QueryResolver withoutUs =
        QueryResolver.create(DemoNetwork.options(), pop -> !pop.equals("us"));

    Resolution resolution = withoutUs.resolve(query("shop.cdn.test", Type.A), NOWHERE);

    assertThat(resolution.choice().map(c -> c.pop().name())).contains("eu");
  }

  @Test
  void health_noPopHealthy_failsOpenToNearest() {
    QueryResolver allDown = QueryResolver.create(DemoNetwork.options(), pop -> false);

    Resolution resolution = allDown.resolve(query("shop.cdn.test", Type.A), PARIS);

    assertThat(resolution.choice()).get().satisfies(c -> {
      assertThat(c.pop().name()).isEqualTo("eu");
      assertThat(c.basis()).isEqualTo(PopChoice.Basis.FAIL_OPEN);
    });
  }

  @Test
  void notSteeredQuery_noPopChosen() {
    assertThat(resolver.resolve(query("cdn.test", Type.SOA), PARIS).choice()).isEmpty();
    assertThat(resolver.resolve(query("shop.cdn.test", Type.MX), PARIS).choice()).isEmpty();
  }

  @Test
  void ipv6Pop_aaaaAnsweredAndANodata() {
    DnsOptions options =
        new DnsOptions(
            "dns", "::1", 0, "cdn.test", DnsOptions.DEFAULT_TTL,
            List.of(new PopAddress("v6", "2001:db8::1", 50.11, 8.68)),
            List.of(DemoNetwork.SHOP), List.of(), RrlOptions.defaults());
    QueryResolver v6 = QueryResolver.create(options, PopHealth.allHealthy());

    Message aaaa = v6.answer(query("shop.cdn.test", Type.AAAA), PARIS, Transport.UDP);
    Message a = v6.answer(query("shop.cdn.test", Type.A), PARIS, Transport.UDP);

    assertThat(aaaa.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(AAAARecord.class,
            r -> assertThat(r.getAddress()).isEqualTo(IpLiteral.parse("2001:db8::1")));
    assertThat(a.getSection(Section.ANSWER)).isEmpty();
    assertThat(a.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
  }

  // --- EDNS -------------------------------------------------------------------------------------

  @Test
  void edns_queryWithOpt_replyOptWithOurPayloadSize() {
    Message reply = ask(withEdns(query("shop.cdn.test", Type.A), 4096), PARIS);

    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(QueryResolver.UDP_PAYLOAD_SIZE);
    assertThat(reply.getOPT().getOptions()).isEmpty();
  }

  @Test
  void edns_queryWithoutOpt_replyWithoutOpt() {
    assertThat(ask(query("shop.cdn.test", Type.A), PARIS).getOPT()).isNull();
  }

  @Test
  void edns_version1_badversWithOptVersion0() {
    Message query = query("shop.cdn.test", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);

    Message reply = ask(query, PARIS);

    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.getOPT().getVersion()).isZero();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  // --- size limits and truncation --------------------------------------------------------------

  @Test
  void udpLimit_byEdnsPresenceAndSize() {
    Message plain = query("shop.cdn.test", Type.A);
    assertThat(ResponseWire.limit(plain, Transport.UDP)).isEqualTo(512);
    assertThat(ResponseWire.limit(withEdns(query("a.cdn.test", Type.A), 4096), Transport.UDP))
        .isEqualTo(1232);
    assertThat(ResponseWire.limit(withEdns(query("a.cdn.test", Type.A), 1000), Transport.UDP))
        .isEqualTo(1000);
    assertThat(ResponseWire.limit(withEdns(query("a.cdn.test", Type.A), 100), Transport.UDP))
        .as("RFC 6891 §6.2.5: below 512 counts as 512")
        .isEqualTo(512);
    assertThat(ResponseWire.limit(plain, Transport.TCP)).isEqualTo(65535);
  }

  @Test
  void udpReply_largerThanLimit_truncatedToHeaderQuestionAndOptWithTc() {
    Message query = withSubnet(query("www.shop.example", Type.A), "127.0.2.0", 24);
    Message full = resolver.resolve(query, NOWHERE).reply();

    ResponseWire.Fitted fitted = ResponseWire.fit(full, 64);

    assertThat(fitted.wire().length).isLessThanOrEqualTo(64);
    assertThat(fitted.truncated()).isTrue();
    Message sent = parse(fitted.wire());
    assertThat(sent.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(sent.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(sent.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(sent.getQuestion().getName()).isEqualTo(name("www.shop.example"));
    assertThat(sent.getSection(Section.ANSWER)).isEmpty();
    assertThat(sent.getOPT()).as("RFC 6891 §7: OPT stays in a truncated reply").isNotNull();
  }

  @Test
  void udpReply_limitBelowQuestionAndOpt_headerOnlyWithTc() {
    Message full = resolver.resolve(query("www.shop.example", Type.A), PARIS).reply();

    ResponseWire.Fitted fitted = ResponseWire.fit(full, 20);

    assertThat(fitted.wire()).hasSize(12);
    assertThat(fitted.truncated()).isTrue();
  }

  @Test
  void udpReply_withinLimit_sentWhole() {
    Outcome outcome = resolver.handle(query("www.shop.example", Type.A).toWire(), PARIS,
        Transport.UDP);

    Message sent = parse(((Outcome.Reply) outcome).wire());
    assertThat(sent.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(sent.getSection(Section.ANSWER)).hasSize(2);
  }

  // --- malformed and unusual messages ------------------------------------------------------------

  @Test
  void garbage_readableHeader_formerrWithSameId() {
    byte[] wire = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x3f, 'x', 'y'};

    Outcome outcome = resolver.handle(wire, PARIS, Transport.UDP);

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Reply.class, reply -> {
      Message sent = parse(reply.wire());
      assertThat(sent.getHeader().getID()).isEqualTo(0x1234);
      assertThat(sent.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(sent.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(sent.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(reply.rcodeName()).isEqualTo("formerr");
      assertThat(reply.pop()).isEmpty();
    });
  }

  @Test
  void garbage_shorterThanHeader_dropped() {
    Outcome outcome = resolver.handle(new byte[] {1, 2, 3, 4, 5}, PARIS, Transport.UDP);

    assertThat(outcome).isInstanceOf(Outcome.Drop.class);
  }

  @Test
  void response_qrSet_droppedNotAnswered() {
    Message notAQuery = query("shop.cdn.test", Type.A);
    notAQuery.getHeader().setFlag(Flags.QR);

    Outcome outcome = resolver.handle(notAQuery.toWire(), PARIS, Transport.UDP);

    assertThat(outcome).isInstanceOf(Outcome.Drop.class);
  }

  @Test
  void opcode_notify_notimp() {
    Message notify = query("cdn.test", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);

    Outcome outcome = resolver.handle(notify.toWire(), PARIS, Transport.UDP);

    assertThat(((Outcome.Reply) outcome).rcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(parse(((Outcome.Reply) outcome).wire()).getHeader().getOpcode())
        .isEqualTo(Opcode.NOTIFY);
  }

  @Test
  void question_two_formerr() {
    Message query = query("shop.cdn.test", Type.A);
    query.addRecord(Record.newRecord(name("shop.example"), Type.A, DClass.IN), Section.QUESTION);

    assertThat(ask(query, PARIS).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void clientSubnet_addressBitsBeyondSourcePrefix_formerr() {
    // FAMILY 1, SOURCE /16, SCOPE 0, but three address bytes where /16 needs two (RFC 7871 §6).
    EDNSOption bad = new GenericEDNSOption(EDNSOption.Code.CLIENT_SUBNET,
        new byte[] {0, 1, 16, 0, 127, 0, 2});
    byte[] wire = withEdns(query("shop.cdn.test", Type.A), 1232, bad).toWire();

    Outcome outcome = resolver.handle(wire, PARIS, Transport.UDP);

    assertThat(((Outcome.Reply) outcome).rcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void handle_steeredAnswer_reportsPopAndRcodeName() {
    Outcome outcome = resolver.handle(query("shop.cdn.test", Type.A).toWire(), PARIS,
        Transport.UDP);

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Reply.class, reply -> {
      assertThat(reply.rcodeName()).isEqualTo("noerror");
      assertThat(reply.pop()).contains("eu");
    });
  }

  @Test
  void handle_extendedRcode_namedInLowercase() {
    Message query = query("shop.cdn.test", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);

    Outcome outcome = resolver.handle(query.toWire(), PARIS, Transport.UDP);

    assertThat(((Outcome.Reply) outcome).rcodeName()).isEqualTo("badvers");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static void assertNegativeSoa(Message reply, String zone) {
    assertThat(reply.getSection(Section.AUTHORITY))
        .singleElement()
        .isInstanceOfSatisfying(SOARecord.class, soa -> {
          assertThat(soa.getName()).isEqualTo(name(zone));
          assertThat(soa.getTTL()).as("RFC 2308 §3: min(SOA TTL, MINIMUM)").isEqualTo(20);
          assertThat(soa.getMinimum()).isEqualTo(20);
        });
  }

  private static ClientSubnetOption subnetOf(Message reply) {
    List<EDNSOption> options = reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertThat(options).hasSize(1);
    return (ClientSubnetOption) options.get(0);
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
