package org.edgecdn.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgecdn.sim.workload.TraceFile.BadLine;
import org.edgecdn.sim.workload.TraceFile.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {

  @Test
  void read_keysWithAndWithoutSizes() throws IOException {
    Parsed parsed = parse("""
        # comment, then a blank line

        /a 100
        /b\t2000
        /c
        /a 100
        """);
    Trace trace = parsed.trace();
    assertThat(parsed.badLines()).isZero();
    assertThat(parsed.lines()).isEqualTo(6);
    assertThat(trace.length()).isEqualTo(4);
    assertThat(trace.object(0)).isEqualTo(trace.object(3));
    assertThat(trace.size(trace.object(0))).isEqualTo(100);
    assertThat(trace.size(trace.object(1))).isEqualTo(2000);
    assertThat(trace.size(trace.object(2))).isEqualTo(512); // the default
  }

  @Test
  void read_badLines_areCountedWithNumbersAndSkipped() throws IOException {
    Parsed parsed = parse("/a 100\n/b -5\n/c 10 extra\n/d 1.5KiB\n/e 0\n/f 7\r\n");
    assertThat(parsed.trace().length()).isEqualTo(2);
    assertThat(parsed.badLines()).isEqualTo(4);
    assertThat(parsed.firstBadLines()).containsExactly(
        new BadLine(2, "size '-5' is not a positive number of bytes"),
        new BadLine(3, "expected 'key' or 'key size', found 3 fields"),
        new BadLine(4, "size '1.5KiB' is not a positive number of bytes"),
        new BadLine(5, "size '0' is not a positive number of bytes"));
  }

  @Test
  void read_manyBadLines_keepsTheFirstTwentyAndCountsAll() throws IOException {
    Parsed parsed = parse("x y z\n".repeat(30) + "/ok\n");
    assertThat(parsed.badLines()).isEqualTo(30);
    assertThat(parsed.firstBadLines()).hasSize(TraceFile.KEPT_BAD_LINES);
    assertThat(parsed.firstBadLines().get(19).number()).isEqualTo(20);
    assertThat(parsed.trace().length()).isEqualTo(1);
  }

  @Test
  void read_hugeSize_isBadNotACrash() throws IOException {
    Parsed parsed = parse("/a 999999999999999999999999999999\n");
    assertThat(parsed.badLines()).isEqualTo(1);
    assertThat(parsed.firstBadLines().get(0).reason()).contains("...");
  }

  @Test
  void read_keyAtANewSize_isANewObject() throws IOException {
    Parsed parsed = parse("/a 100\n/a 200\n/a 100\n");
    Trace trace = parsed.trace();
    assertThat(parsed.resizedKeys()).isEqualTo(1);
    assertThat(trace.objects()).isEqualTo(2);
    assertThat(trace.object(1)).isNotEqualTo(trace.object(0));
    assertThat(trace.object(2)).isEqualTo(trace.object(0));
  }

  @Test
  void read_file_namesTheTraceAfterIt(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("day1.txt"), "/a 1\n");
    assertThat(TraceFile.read(file, 1).trace().description()).isEqualTo("trace day1.txt");
  }

  private static Parsed parse(String text) throws IOException {
    return TraceFile.read(new BufferedReader(new StringReader(text)), "test", 512);
  }
}
