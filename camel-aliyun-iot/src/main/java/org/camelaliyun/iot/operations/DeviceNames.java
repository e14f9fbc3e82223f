package org.camelaliyun.iot.operations;

import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.BaseStream;

import org.apache.camel.WrappedFile;

/**
 * Reads device names from what users hand over — text (comma-separated, or one name per line), or a Collection,
 * Iterable or array of CharSequence — and checks them. Any other type is refused: its {@code toString()} is never a
 * device name (a byte[] would name devices after its bytes, a Map after its entries, a file after its path).
 */
public final class DeviceNames {

    /** The most devices one InvokeThingsService call may name. */
    static final int MAX_PER_CALL = 100;

    /** The platform's DeviceName rule for registering a device: 4-32 letters, digits and {@code -_@.:}. */
    static final Pattern PLATFORM_RULE = Pattern.compile("[A-Za-z0-9_\\-@.:]{4,32}");
    static final String PLATFORM_RULE_TEXT = "4 to 32 characters: letters, digits and -_@.:";

    /** What fits a text with one name per line, however long. */
    static final String TOKENIZE_FIX = "split(body().tokenize(\"\\n\", 100, false)).streaming()";
    /** What fits a List or array. */
    static final String GROUP_FIX = "split(body()).group(100) or split(simple(\"${collate(100)}\"))";

    private DeviceNames() {
    }

    /** True for a body that is a list of names by its type: a Collection, Iterable or object array. */
    public static boolean isList(Object value) {
        return value instanceof Iterable || value instanceof Object[];
    }

    /**
     * The names in {@code value}, read as given: no character is dropped or replaced, only spaces and tabs around a
     * name are trimmed, and a line's {@code \r} before its {@code \n}. Blank lines of a text are not names.
     *
     * @param  where                    what held the value, for the message: "the body", "the ... header"
     * @throws IllegalArgumentException naming the type and the fix when {@code value} is not text or a list of text
     */
    public static List<String> read(Object value, String where) {
        if (value instanceof CharSequence text) {
            return fromText(text.toString());
        }
        if (value instanceof Iterable<?> iterable) {
            List<String> names = new ArrayList<>();
            for (Object element : iterable) {
                names.add(element(element, names.size() + 1, where));
            }
            return names;
        }
        if (value instanceof Object[] array) {
            List<String> names = new ArrayList<>(array.length);
            for (Object element : array) {
                names.add(element(element, names.size() + 1, where));
            }
            return names;
        }
        throw new IllegalArgumentException(where + " is " + typeOf(value) + ", which does not name devices: "
                                           + fixFor(value));
    }

    /** The names when {@code value} holds them, else none: for reporting a batch that failed, never for sending. */
    public static List<String> readIfNames(Object value) {
        if (value instanceof CharSequence || isList(value)) {
            try {
                return read(value, "value");
            } catch (IllegalArgumentException e) {
                return List.of();
            }
        }
        return List.of();
    }

    private static String element(Object element, int position, String where) {
        if (element == null || element instanceof CharSequence) {
            return element == null ? null : trimSpaces(element.toString());
        }
        throw new IllegalArgumentException("Device name #" + position + " of " + where + " is " + typeOf(element)
                                           + ", not text: " + fixFor(element));
    }

    private static List<String> fromText(String text) {
        List<String> names = new ArrayList<>();
        if (text.indexOf('\n') >= 0) {
            // one name per line, as split(body().tokenize("\n", 100, false)) hands over a file
            for (String line : text.split("\n", -1)) {
                String name = trimSpaces(withoutCarriageReturn(line));
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return names;
        }
        // a single line: comma-separated names, or the last group of a tokenized file holding one line
        for (String part : withoutCarriageReturn(text).split(",", -1)) {
            names.add(trimSpaces(part));
        }
        return names;
    }

    private static String withoutCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Only spaces and tabs: {@link String#trim()} would silently drop control characters that are part of a name. */
    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Fails with a message that names the problem and the fix; returns an unmodifiable copy.
     *
     * @param platformRule whether names must fit the platform's DeviceName rule ({@code validateDeviceNames})
     * @param fromText     whether the names came from text, so the fix for too many suggests tokenize, not group
     */
    public static List<String> validate(List<String> names, boolean platformRule, boolean fromText) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("No device names: set the CamelAliyunIotDeviceNames header, send a List "
                                               + "of names or text with one name per line as the body, or set the "
                                               + "deviceNames option");
        }
        if (names.size() > MAX_PER_CALL) {
            throw new IllegalArgumentException(names.size() + " device names in one call, but InvokeThingsService takes "
                                               + "at most " + MAX_PER_CALL + ": split the "
                                               + (fromText ? "text first, e.g. " + TOKENIZE_FIX
                                                       : "list first, e.g. " + GROUP_FIX));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String which = "Device name #" + (i + 1) + " of " + names.size();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(which + " is blank: remove empty entries from the device list");
            }
            String unsendable = unsendable(name);
            if (unsendable != null) {
                throw new IllegalArgumentException(which + ", \"" + quoted(name) + "\", " + unsendable
                                                   + ": no device can have this name; correct the device list");
            }
            if (platformRule && !PLATFORM_RULE.matcher(name).matches()) {
                throw new IllegalArgumentException(which + ", \"" + quoted(name) + "\", does not fit the platform's "
                                                   + "DeviceName rule (" + PLATFORM_RULE_TEXT + "): correct it, or set "
                                                   + "validateDeviceNames=false for devices registered under older rules");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Device name '" + quoted(name) + "' appears twice in one call: "
                                                   + "remove duplicates so each device is invoked once");
            }
        }
        return List.copyOf(names);
    }

    /** Why a name cannot be sent as it is, whatever the platform's rule: null when it can. */
    private static String unsendable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return "holds a control character at position " + (i + 1);
            }
            if (Character.isHighSurrogate(c) && (i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)))) {
                // UTF-8 encoding would replace it with '?', naming another device
                return "holds a lone surrogate at position " + (i + 1);
            }
        }
        return null;
    }

    /** The name with control characters and surrogates shown as escapes, and cut short when long. */
    private static String quoted(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 64; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() < 64 ? out.toString() : out + "...";
    }

    /** The type only: the value's toString() may be huge, recursive or secret. */
    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof byte[] ? "a byte[]" : "a " + value.getClass().getName();
    }

    private static String fixFor(Object value) {
        if (value instanceof WrappedFile<?> || value instanceof File || value instanceof Path
            || value instanceof InputStream || value instanceof Reader) {
            return "a file is not a list of names; read it as text with one name per line and split it into calls "
                   + "of 100, e.g. " + TOKENIZE_FIX;
        }
        if (value instanceof byte[]) {
            return "convert it to text first (e.g. convertBodyTo(String.class)), one name per line or comma-separated, "
                   + "or give a List of Strings";
        }
        if (value instanceof Map) {
            return "put the names in a List of Strings (e.g. the map's keys or values)";
        }
        if (value instanceof Iterator || value instanceof BaseStream) {
            return "collect the names into a List of Strings first";
        }
        return "give the names as text (comma-separated, or one per line) or as a List of Strings";
    }
}
