package org.camelaliyun.iot.summary;

import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;

/**
 * Builds {@link InvokeThingsServiceResult}s as the producer does. Their factories are package-private in the
 * component (only the producer may create them), so this fixture reaches them by reflection.
 */
final class Results {

    private Results() {
    }

    static InvokeThingsServiceResult accepted(String productKey, List<String> deviceNames, String requestId, int attempts) {
        return invoke("accepted", new Class<?>[] { inputType(), String.class, int.class, int.class },
                input(productKey, deviceNames), requestId, 200, attempts);
    }

    static InvokeThingsServiceResult failed(String productKey, List<String> deviceNames, AliyunIotException failure) {
        return invoke("failed", new Class<?>[] { inputType(), CallFailure.class },
                input(productKey, deviceNames), failure.getFailure());
    }

    static AliyunIotException failure(String code, String requestId, int httpStatus, List<String> deviceNames,
                                      boolean outcomeUnknown, int attempts) {
        return new AliyunIotException(new CallFailure("InvokeThingsService", code, "message of " + code, requestId,
                httpStatus, outcomeUnknown ? CallFailure.Outcome.UNKNOWN
                        : httpStatus == 0 ? CallFailure.Outcome.NOT_SENT : CallFailure.Outcome.KNOWN, attempts,
                deviceNames, null), null);
    }

    private static Object input(String productKey, List<String> deviceNames) {
        try {
            Constructor<?> constructor = inputType()
                    .getDeclaredConstructor(String.class, String.class, String.class, String.class, List.class);
            constructor.setAccessible(true);
            return constructor.newInstance(productKey, "TimeReset", null, "{}", deviceNames);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("InvokeThingsServiceInput changed shape", e);
        }
    }

    private static InvokeThingsServiceResult invoke(String factory, Class<?>[] types, Object... args) {
        try {
            Method method = InvokeThingsServiceResult.class.getDeclaredMethod(factory, types);
            method.setAccessible(true);
            return (InvokeThingsServiceResult) method.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("InvokeThingsServiceResult." + factory + " changed shape", e);
        }
    }

    private static Class<?> inputType() {
        try {
            return Class.forName("org.camelaliyun.iot.operations.InvokeThingsServiceInput");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
