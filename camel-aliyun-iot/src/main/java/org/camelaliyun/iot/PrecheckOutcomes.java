package org.camelaliyun.iot;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.operations.InvokeThingsServiceInput;
import org.camelaliyun.iot.operations.InvokeThingsServiceOperation;
import org.camelaliyun.iot.operations.InvokeThingsServiceResult;
import org.camelaliyun.iot.outcomes.DeviceResult;

/**
 * The producer's side of precheckOnline: the devices the pre-check kept back go on the batch's result, so that the
 * result accounts for every device of the batch, sent or not.
 */
final class PrecheckOutcomes {

    private PrecheckOutcomes() {
    }

    /**
     * @param sent        the input the call was sent with (no devices when none was online: no call was made)
     * @param checked     the batch's devices before the pre-check, in order
     * @param offline     the devices kept back
     * @param outcomes    with awaitReplies, the sent devices' outcomes (null when none was sent)
     * @param awaited     whether the endpoint awaits replies: the result then lists every device's outcome
     */
    static void attach(Exchange exchange, InvokeThingsServiceInput sent, List<String> checked,
                       List<DeviceResult> offline, List<DeviceResult> outcomes, boolean awaited) {
        Message message = exchange.getMessage();
        InvokeThingsServiceResult result;
        if (message.getBody() instanceof InvokeThingsServiceResult called) {
            result = called;
        } else if (sent.deviceNames().isEmpty()) {
            result = InvokeThingsServiceResult.notCalled(sent);
            InvokeThingsServiceOperation.setResult(message, result);
        } else {
            return; // the call ended without a result (an unexpected exception): the batch counts as failed whole
        }
        result = result.withOfflineDevices(offline);
        if (awaited) {
            result = result.withDeviceResults(merge(checked, outcomes == null ? List.of() : outcomes, offline));
        }
        message.setBody(result);
    }

    /** Every device's result in the batch's order: both lists keep that order, and a kept-back name is never sent. */
    static List<DeviceResult> merge(List<String> checked, List<DeviceResult> sent, List<DeviceResult> offline) {
        List<DeviceResult> all = new ArrayList<>(checked.size());
        Iterator<DeviceResult> sentResults = sent.iterator();
        Iterator<DeviceResult> offlineResults = offline.iterator();
        DeviceResult nextOffline = offlineResults.hasNext() ? offlineResults.next() : null;
        for (String name : checked) {
            if (nextOffline != null && nextOffline.deviceName().equals(name)) {
                all.add(nextOffline);
                nextOffline = offlineResults.hasNext() ? offlineResults.next() : null;
            } else if (sentResults.hasNext()) {
                all.add(sentResults.next());
            }
        }
        return all;
    }
}
