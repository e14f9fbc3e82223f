package org.camelaliyun.iot.operations;

import org.apache.camel.Exchange;

/** Opens the scope of one InvokeThingsService batch: its run journal claim and its in-flight registration. */
@FunctionalInterface
public interface FleetBatches {

    /** Throws when the batch cannot be recorded (nothing is sent then). */
    CallScope<InvokeThingsServiceInput> open(Exchange exchange, InvokeThingsServiceInput input);
}
