package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void parse_readsOwnAndWaitedChildrenTicks() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime ...
    String line = "4242 (nginx) S 1 4242 4242 0 -1 4194560 120 0 0 0 731 212 15 4 20 0 1 0 "
        + "9000 123456 789";

    ProcStat.Times times = ProcStat.parse(line);

    assertThat(times.utime()).isEqualTo(731);
    assertThat(times.stime()).isEqualTo(212);
    assertThat(times.own()).isEqualTo(943);
    assertThat(times.waitedChildren()).isEqualTo(19);
  }

  @Test
  void parse_commandNameWithSpacesAndParentheses_countsFromTheLastParenthesis() {
    String line = "77 (a (weird) name) R 1 77 77 0 -1 0 0 0 0 0 5 6 7 8 20 0 1 0 1 1 1";

    ProcStat.Times times = ProcStat.parse(line);

    assertThat(times.own()).isEqualTo(11);
    assertThat(times.waitedChildren()).isEqualTo(15);
  }

  @Test
  void parse_notAStatLine_fails() {
    assertThatThrownBy(() -> ProcStat.parse("hello")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void busyTicks_countsAllButIdleAndIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    String line = "cpu  100 2 30 5000 7 1 4 3 0 0";

    assertThat(ProcStat.busyTicks(line)).isEqualTo(100 + 2 + 30 + 1 + 4 + 3);
  }

  @Test
  void seconds_areTicksOverClockTicksPerSecond() {
    assertThat(ProcStat.seconds(250)).isEqualTo(2.5);
  }

  @Test
  void ownProcess_isReadable() {
    assertThat(ProcStat.of(ProcessHandle.current().pid())).isPresent();
  }
}
