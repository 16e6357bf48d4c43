package org.edgecdn.predictor.llm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling for each JSON value, so that two requests meaning the same thing get the same
 * cache key: object keys sorted (by UTF-16 code units, as RFC 8785 sorts them), no whitespace
 * between tokens, numbers in their shortest exact decimal form ({@code 0}, {@code 0.0} and
 * {@code 0e0} are all {@code 0}; {@code 1E2} is {@code 100}), strings escaped minimally. Strings
 * themselves, message text included, are kept exactly: {@code "Turn on"} and {@code "turn on"}
 * stay different.
 *
 * <p>Input is a parsed JSON tree of {@link Map}, {@link List}, {@link String}, {@link Number},
 * {@link Boolean} and null, as any JSON library produces.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      string(text, out);
    } else if (value instanceof Boolean bool) {
      out.append(bool);
    } else if (value instanceof Number number) {
      out.append(number(number));
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> entry : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /** The shortest exact decimal: integers without a point, others without trailing zeros. */
  static String number(Number number) {
    BigDecimal exact;
    if (number instanceof BigDecimal big) {
      exact = big;
    } else if (number instanceof BigInteger big) {
      exact = new BigDecimal(big);
    } else if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("not a JSON number: " + d);
      }
      exact = new BigDecimal(Double.toString(d));
    } else {
      exact = BigDecimal.valueOf(number.longValue());
    }
    if (exact.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = exact.stripTrailingZeros();
    return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
