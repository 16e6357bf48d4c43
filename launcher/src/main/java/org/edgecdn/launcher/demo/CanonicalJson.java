package org.edgecdn.launcher.demo;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling for equal JSON values: object keys sorted, no whitespace, numbers without
 * trailing zeros. {@code {"temperature":0.0,"model":"m"}} and {@code {"model":"m",
 * "temperature":0}} are the same request, so they must hash alike.
 */
final class CanonicalJson {

  private CanonicalJson() {}

  static String encode(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      writeObject(object.getMap(), out);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out);
    } else if (value instanceof JsonArray array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(array.getValue(i), out);
      }
      out.append(']');
    } else if (value instanceof Number number) {
      out.append(number(number));
    } else if (value == null || value instanceof Boolean) {
      out.append(value);
    } else {
      out.append(Json.encode(value.toString()));
    }
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((key, v) -> sorted.put(String.valueOf(key), v));
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> entry : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(Json.encode(entry.getKey())).append(':');
      write(wrap(entry.getValue()), out);
    }
    out.append('}');
  }

  /** Values of a raw map may be plain Lists; JsonArray spells them the same way. */
  private static Object wrap(Object value) {
    return value instanceof java.util.List<?> list ? new JsonArray(list) : value;
  }

  private static String number(Number number) {
    BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
    return decimal.signum() == 0 ? "0" : decimal.toPlainString();
  }
}
