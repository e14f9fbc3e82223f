package org.camelaliyun.iot.operations;

import org.camelaliyun.iot.AliyunIotConstants;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads device names from what users hand over — a Collection, Iterable, array, comma-separated String, or text with
 * one name per line — and checks them.
 */
public final class DeviceNames {

    /** The most devices one InvokeThingsService call may name. */
    static final int MAX_PER_CALL = 100;

    private DeviceNames() {
    }

    /**
     * True for the body types that name devices: what a splitter with {@code collate(100)} hands over, or a group of
     * lines from {@code tokenize("\n", 100)}.
     */
    public static boolean isDeviceList(Object body) {
        return body instanceof Iterable || body != null && body.getClass().isArray() && !(body instanceof byte[])
                || body instanceof CharSequence text && text.toString().indexOf('\n') >= 0;
    }

    public static List<String> from(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof CharSequence text && text.toString().indexOf('\n') >= 0) {
            // one name per line, as split(body().tokenize("\n", 100)) hands over a file: blank lines are not names
            for (String line : text.toString().split("\r?\n")) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        } else if (value instanceof CharSequence text) {
            for (String part : text.toString().split(",", -1)) {
                names.add(part.trim());
            }
        } else if (value instanceof Iterable<?> iterable) {
            Iterator<?> it = iterable.iterator();
            while (it.hasNext()) {
                names.add(asName(it.next()));
            }
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                names.add(asName(Array.get(value, i)));
            }
        } else if (value != null) {
            names.add(asName(value));
        }
        return names;
    }

    private static String asName(Object element) {
        return element == null ? null : element.toString().trim();
    }

    /** Fails with a message that names the problem and the fix; returns an unmodifiable copy. */
    public static List<String> validate(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("No device names: set the " + AliyunIotConstants.DEVICE_NAMES
                                               + " header, send a List of names as the body, or set the deviceNames option");
        }
        if (names.size() > MAX_PER_CALL) {
            throw new IllegalArgumentException(names.size() + " device names in one call, but InvokeThingsService takes at most "
                                               + MAX_PER_CALL + ": split the list first, e.g. "
                                               + "split(body()).group(100) or split(simple(\"${collate(100)}\"))");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("Device name #" + (i + 1) + " of " + names.size()
                                                   + " is blank: remove empty entries from the device list");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Device name '" + name + "' appears twice in one call: "
                                                   + "remove duplicates so each device is invoked once");
            }
        }
        return List.copyOf(names);
    }
}
