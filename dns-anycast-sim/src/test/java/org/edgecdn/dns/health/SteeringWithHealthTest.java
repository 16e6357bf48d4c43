package org.edgecdn.dns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.Transport;
import org.edgecdn.dns.resolve.QueryResolver;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The probes' verdicts as the steering sees them: answers move when a PoP goes down. */
class SteeringWithHealthTest {

  private final EdgeProbes health = new EdgeProbes(
      List.of("us", "eu", "ap"), ProbeOptions.defaults(), new SimpleMeterRegistry());
  private final QueryResolver resolver = QueryResolver.create(DemoNetwork.options(), health);

  @Test
  void steering_euDown_parisClientGetsNextNearestUs() throws Exception {
    assertThat(answerFor(DemoNetwork.PARIS)).isEqualTo("127.0.2.1");

    down("eu");

    assertThat(answerFor(DemoNetwork.PARIS)).isEqualTo("127.0.1.1");
    assertThat(answerFor(DemoNetwork.TOKYO)).as("unaffected").isEqualTo("127.0.3.1");
  }

  @Test
  void steering_euBackUp_parisClientReturnsToEu() throws Exception {
    down("eu");
    health.record("eu", true);
    health.record("eu", true);

    assertThat(answerFor(DemoNetwork.PARIS)).isEqualTo("127.0.2.1");
  }

  @Test
  void steering_allDown_stillAnswersNearestOfAll() throws Exception {
    down("us");
    down("eu");
    down("ap");

    assertThat(answerFor(DemoNetwork.PARIS)).isEqualTo("127.0.2.1");
    assertThat(answerFor(DemoNetwork.TOKYO)).isEqualTo("127.0.3.1");
  }

  private void down(String pop) {
    health.record(pop, false);
    health.record(pop, false);
  }

  private String answerFor(java.net.InetAddress client) throws Exception {
    Message query = Message.newQuery(
        Record.newRecord(Name.fromString("shop.cdn.test."), Type.A, DClass.IN));
    Message reply = resolver.answer(query, client, Transport.UDP);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }
}
