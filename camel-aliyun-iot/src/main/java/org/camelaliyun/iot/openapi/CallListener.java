package org.camelaliyun.iot.openapi;

import java.util.List;

/**
 * Told by an {@link OpenApiCaller} about each call it starts; what it returns then watches that one call. The single
 * place the call engine reports to, so the console, the meters and anything later read one set of numbers.
 */
@FunctionalInterface
public interface CallListener {

    /** Watches nothing: the caller's default. */
    CallListener NONE = (action, deviceNames) -> CallObserver.NONE;

    /** A call for {@code deviceNames} (empty for calls that name no device) was handed to the caller. */
    CallObserver callStarted(String action, List<String> deviceNames);
}
