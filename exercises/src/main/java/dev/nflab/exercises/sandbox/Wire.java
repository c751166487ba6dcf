package dev.nflab.exercises.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values that cross between the learner's JVM and the grader's: null, strings, booleans,
 * numbers, characters, enums (by class and name), lists and maps of them. Nothing else crosses, so
 * the grader never deserializes an object of the learner's making: it reads plain data, bounded in
 * size and depth, and compares it with the answer the model computes on its side.
 *
 * <p>The text form is one line of ASCII-safe tokens: {@code n}, {@code t}, {@code f},
 * {@code s<len>:<chars>}, {@code i<int>;}, {@code l<long>;}, {@code d<double>;}, {@code c<code>;},
 * {@code e<len>:<class><len>:<name>} (an enum constant), {@code L<n>:} then n values,
 * {@code M<n>:} then n keys and values. Lengths count UTF-16 units; the line is escaped (\n, \t, \\).
 */
public final class Wire {
    public static final int MAX_DEPTH = 32;
    public static final int MAX_ITEMS = 1_000_000;

    /** A value the wire cannot carry. */
    public static final class WireException extends RuntimeException {
        public WireException(String message) {
            super(message);
        }
    }

    /** A constant of an enum that may not exist on the reading side: its class and name. */
    public record EnumValue(String type, String name) {}

    private Wire() {}

    public static String encode(Object value) {
        StringBuilder b = new StringBuilder();
        int[] items = {0};
        encode(value, b, 0, items);
        return b.toString();
    }

    private static void encode(Object v, StringBuilder b, int depth, int[] items) {
        if (depth > MAX_DEPTH) throw new WireException("nested more than " + MAX_DEPTH + " levels deep");
        if (++items[0] > MAX_ITEMS) throw new WireException("more than " + MAX_ITEMS + " values");
        if (v == null) {
            b.append('n');
        } else if (v instanceof String s) {
            b.append('s').append(s.length()).append(':').append(s);
        } else if (v instanceof Boolean x) {
            b.append(x ? 't' : 'f');
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            b.append('i').append(((Number) v).intValue()).append(';');
        } else if (v instanceof Long x) {
            b.append('l').append(x).append(';');
        } else if (v instanceof Double || v instanceof Float) {
            b.append('d').append(((Number) v).doubleValue()).append(';');
        } else if (v instanceof Character c) {
            b.append('c').append((int) c).append(';');
        } else if (v instanceof Enum<?> e) {
            String type = e.getDeclaringClass().getName();
            b.append('e').append(type.length()).append(':').append(type).append(e.name().length()).append(':')
                    .append(e.name());
        } else if (v instanceof EnumValue e) {
            b.append('e').append(e.type().length()).append(':').append(e.type()).append(e.name().length()).append(':')
                    .append(e.name());
        } else if (v instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>(c);
            b.append('L').append(copy.size()).append(':');
            for (Object o : copy) encode(o, b, depth + 1, items);
        } else if (v instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> copy = new ArrayList<>(m.entrySet());
            b.append('M').append(copy.size()).append(':');
            for (Map.Entry<?, ?> en : copy) {
                encode(en.getKey(), b, depth + 1, items);
                encode(en.getValue(), b, depth + 1, items);
            }
        } else {
            throw new WireException("a " + v.getClass().getName()
                    + " cannot be graded: answer with strings, numbers, booleans, lists and maps");
        }
    }

    /** Decodes one value; enums come back as {@link EnumValue} (see {@link #toEnums}). */
    public static Object decode(String text) {
        int[] pos = {0};
        int[] items = {0};
        Object v = decode(text, pos, 0, items);
        if (pos[0] != text.length()) throw new WireException("trailing data");
        return v;
    }

    private static Object decode(String t, int[] pos, int depth, int[] items) {
        if (depth > MAX_DEPTH) throw new WireException("too deep");
        if (++items[0] > MAX_ITEMS) throw new WireException("too many values");
        if (pos[0] >= t.length()) throw new WireException("truncated");
        char tag = t.charAt(pos[0]++);
        switch (tag) {
            case 'n': return null;
            case 't': return Boolean.TRUE;
            case 'f': return Boolean.FALSE;
            case 's': return chars(t, pos);
            case 'i': return Integer.parseInt(until(t, pos, ';'));
            case 'l': return Long.parseLong(until(t, pos, ';'));
            case 'd': return Double.parseDouble(until(t, pos, ';'));
            case 'c': return (char) Integer.parseInt(until(t, pos, ';'));
            case 'e': {
                String type = chars(t, pos);
                return new EnumValue(type, chars(t, pos));
            }
            case 'L': {
                int n = count(t, pos);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) list.add(decode(t, pos, depth + 1, items));
                return list;
            }
            case 'M': {
                int n = count(t, pos);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = decode(t, pos, depth + 1, items);
                    map.put(k, decode(t, pos, depth + 1, items));
                }
                return map;
            }
            default: throw new WireException("bad tag " + tag);
        }
    }

    private static int count(String t, int[] pos) {
        int n = Integer.parseInt(until(t, pos, ':'));
        if (n < 0 || n > MAX_ITEMS) throw new WireException("bad count");
        return n;
    }

    private static String chars(String t, int[] pos) {
        int n = count(t, pos);
        if (pos[0] + n > t.length()) throw new WireException("truncated string");
        String s = t.substring(pos[0], pos[0] + n);
        pos[0] += n;
        return s;
    }

    private static String until(String t, int[] pos, char end) {
        int e = t.indexOf(end, pos[0]);
        if (e < 0 || e - pos[0] > 24) throw new WireException("bad number");
        String s = t.substring(pos[0], e);
        pos[0] = e + 1;
        return s;
    }

    /** Turns {@link EnumValue}s into the constants of the enums this side knows (else leaves them). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object toEnums(Object v, ClassLoader loader) {
        if (v instanceof EnumValue e) {
            try {
                Class<?> c = Class.forName(e.type(), false, loader);
                if (c.isEnum()) return Enum.valueOf((Class) c, e.name());
            } catch (ClassNotFoundException | IllegalArgumentException | LinkageError ignored) {
                // not an enum this side knows: keep the description
            }
            return e;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(toEnums(o, loader));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> en : m.entrySet()) out.put(toEnums(en.getKey(), loader), toEnums(en.getValue(), loader));
            return out;
        }
        return v;
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
