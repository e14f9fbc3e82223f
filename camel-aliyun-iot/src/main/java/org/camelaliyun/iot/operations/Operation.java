package org.camelaliyun.iot.operations;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.signing.OpenApiCall;

/**
 * One OpenAPI operation, in the four steps every call takes: read the input from the message, build the call, map
 * the accepted reply, put the result (or the failure) on the exchange. The producer runs these steps and the caller
 * does the rest (quota, signing, HTTP, retries), so an operation holds no I/O of its own.
 *
 * @param <I> the validated input of one call
 */
public interface Operation<I> {

    /**
     * Reads and checks everything the call needs. Whatever is wrong is refused here, with a message that names the
     * problem and the fix: nothing has been sent yet.
     */
    I readInput(Message message, OperationContext context);

    /**
     * What to record around the call, opened once the input is read; throws when it cannot be recorded. Nothing by
     * default.
     */
    default CallScope<I> open(Exchange exchange, I input, OperationContext context) {
        return CallScope.none(input);
    }

    /** The request to send, from a checked input. */
    OpenApiCall toCall(I input, OperationContext context);

    /** The devices the call names, for failures and logs; empty when it names none. */
    List<String> deviceNames(I input);

    /** Sets the result of an accepted call on the exchange. */
    void onAccepted(Exchange exchange, I input, OpenApiCaller.Accepted accepted, OperationContext context);

    /**
     * Sets a failed call on the exchange: the exception when {@code throwExceptionOnFailure} (the default), else the
     * failure as the body. The headers say what happened either way.
     */
    default void onFailed(Exchange exchange, I input, AliyunIotException failure, OperationContext context) {
        OperationResults.failed(exchange, failure, context.configuration().isThrowExceptionOnFailure());
    }
}
