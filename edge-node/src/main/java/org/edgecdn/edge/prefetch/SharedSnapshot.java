package org.edgecdn.edge.prefetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.predictor.model.CountsSnapshot;
import org.edgecdn.predictor.model.CountsSnapshot.ContextCounts;
import org.edgecdn.predictor.model.CountsSnapshot.PageCounts;
import org.edgecdn.predictor.model.CountsSnapshot.Successor;

/**
 * One edge's published counts of one site, as kept in the cluster: who published them (PoP and
 * region) and the counts, encoded compactly.
 *
 * <p>Format, version 2: a version byte; PoP, region (length-prefixed UTF-8); the time (8
 * bytes); a table of the distinct page strings (each page appears once however many pages lead
 * to it); then each page as its string's index, its views (a float) and its successors as
 * index and count pairs; then each second-order context as the indexes of its previous page
 * and its page, its views and its successors the same way. Version 1, which edges published
 * before second-order counts were shared, is the same without the contexts, and is still read
 * (an edge of the older build shares first-order counts only); an edge of that build refuses
 * version 2, so during an upgrade it predicts from its own counts alone. Numbers of items are unsigned
 * varints; decoded sizes are checked, so a
 * damaged or hostile value is refused rather than allocated. Counts travel as floats: a
 * probability needs no more than 24 bits.
 *
 * @param pop the publishing PoP
 * @param region its region
 * @param counts its own counts
 */
public record SharedSnapshot(String pop, String region, CountsSnapshot counts) {

  private static final int VERSION = 2;
  private static final int FIRST_ORDER_ONLY = 1;
  private static final int MAX_STRINGS = 1 << 20;
  private static final int MAX_STRING_BYTES = 1 << 16;
  private static final int MAX_PAGES = 1 << 17;
  private static final int MAX_SUCCESSORS = 1 << 10;
  /**
   * Far above what a publisher writes (500 pages and 500 contexts of 8 successors), far below
   * harm.
   */
  static final int MAX_VALUE_BYTES = 4 << 20;

  public byte[] encode() {
    Map<String, Integer> index = new HashMap<>();
    List<String> strings = new ArrayList<>();
    for (PageCounts page : counts.pages()) {
      intern(page.page(), index, strings);
      page.next().forEach(q -> intern(q.page(), index, strings));
    }
    for (ContextCounts context : counts.contexts()) {
      intern(context.previous(), index, strings);
      intern(context.current(), index, strings);
      context.next().forEach(q -> intern(q.page(), index, strings));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * strings.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, pop);
      writeString(out, region);
      out.writeLong(counts.atMillis());
      writeCount(out, strings.size());
      for (String s : strings) {
        writeString(out, s);
      }
      writeCount(out, counts.pages().size());
      for (PageCounts page : counts.pages()) {
        writeCount(out, index.get(page.page()));
        writeCounts(out, page.views(), page.next(), index);
      }
      writeCount(out, counts.contexts().size());
      for (ContextCounts context : counts.contexts()) {
        writeCount(out, index.get(context.previous()));
        writeCount(out, index.get(context.current()));
        writeCounts(out, context.views(), context.next(), index);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The snapshot in {@code value}; an {@link IllegalArgumentException} when it is not one. */
  public static SharedSnapshot decode(byte[] value) {
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("snapshot of " + value.length + " bytes, more than "
          + MAX_VALUE_BYTES);
    }
    // Every count is also held to what the bytes left could hold (a string at least 1 byte, a
    // page 6, a successor 5), so no array is sized by a number the value cannot back.
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readUnsignedByte();
      if (version != VERSION && version != FIRST_ORDER_ONLY) {
        throw new IllegalArgumentException("unknown snapshot version " + version);
      }
      String pop = readString(in);
      String region = readString(in);
      long at = in.readLong();
      String[] strings = new String[readCount(in, Math.min(MAX_STRINGS, in.available()))];
      for (int i = 0; i < strings.length; i++) {
        strings[i] = readString(in);
      }
      int pageCount = readCount(in, Math.min(MAX_PAGES, in.available() / 6));
      List<PageCounts> pages = new ArrayList<>(pageCount);
      for (int p = 0; p < pageCount; p++) {
        String page = strings[readIndex(in, strings.length)];
        double views = finite(in.readFloat());
        pages.add(new PageCounts(page, views, readSuccessors(in, strings)));
      }
      List<ContextCounts> contexts = new ArrayList<>();
      if (version == VERSION) {
        int contextCount = readCount(in, Math.min(MAX_PAGES, in.available() / 7));
        for (int c = 0; c < contextCount; c++) {
          String previous = strings[readIndex(in, strings.length)];
          String current = strings[readIndex(in, strings.length)];
          double views = finite(in.readFloat());
          contexts.add(new ContextCounts(previous, current, views,
              readSuccessors(in, strings)));
        }
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes after the snapshot");
      }
      return new SharedSnapshot(pop, region, new CountsSnapshot(at, pages, contexts));
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated snapshot", e);
    }
  }

  /** A context's views, then its successors as index and count pairs. */
  private static void writeCounts(DataOutputStream out, double views, List<Successor> next,
      Map<String, Integer> index) throws IOException {
    out.writeFloat((float) views);
    writeCount(out, next.size());
    for (Successor q : next) {
      writeCount(out, index.get(q.page()));
      out.writeFloat((float) q.count());
    }
  }

  private static List<Successor> readSuccessors(DataInputStream in, String[] strings)
      throws IOException {
    int successors = readCount(in, Math.min(MAX_SUCCESSORS, in.available() / 5));
    List<Successor> next = new ArrayList<>(successors);
    for (int i = 0; i < successors; i++) {
      next.add(new Successor(strings[readIndex(in, strings.length)], finite(in.readFloat())));
    }
    return next;
  }

  private static void intern(String s, Map<String, Integer> index, List<String> strings) {
    if (index.putIfAbsent(s, strings.size()) == null) {
      strings.add(s);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeCount(out, utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] utf8 = new byte[readCount(in, Math.min(MAX_STRING_BYTES, in.available()))];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static void writeCount(DataOutputStream out, int n) throws IOException {
    int v = n;
    while ((v & ~0x7f) != 0) {
      out.writeByte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  private static int readCount(DataInputStream in, int max) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0 || value > max) {
          throw new IllegalArgumentException("size " + value + " over the limit " + max);
        }
        return value;
      }
    }
    throw new IllegalArgumentException("malformed size");
  }

  private static int readIndex(DataInputStream in, int size) throws IOException {
    int i = readCount(in, Integer.MAX_VALUE);
    if (i >= size) {
      throw new IllegalArgumentException("string index " + i + " out of " + size);
    }
    return i;
  }

  private static double finite(float f) {
    if (!Float.isFinite(f) || f < 0) {
      throw new IllegalArgumentException("bad count " + f);
    }
    return f;
  }
}
