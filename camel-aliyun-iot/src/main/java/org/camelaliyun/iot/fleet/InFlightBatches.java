package org.camelaliyun.iot.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The batches of split device lists that reached the producer and have not completed, by the exchange that was
 * split. A split with {@code timeout(...)} gives up on batches that did not come back; the aggregation strategy
 * then learns here which devices they named, although it never sees those batches. One per CamelContext; a batch
 * leaves it when its call completes, so nothing outlives the calls.
 */
public final class InFlightBatches {

    /** A batch that reached the producer: its devices and product. */
    public record Batch(List<String> deviceNames, String productKey) {
    }

    /** Split input exchange id → (batch exchange id → batch); each inner map is only touched inside compute. */
    private final Map<String, Map<String, Batch>> bySplit = new ConcurrentHashMap<>();

    /** The instance of this context, created on first use. */
    public static InFlightBatches of(CamelContext context) {
        synchronized (context) {
            InFlightBatches batches = context.getCamelContextExtension().getContextPlugin(InFlightBatches.class);
            if (batches == null) {
                batches = new InFlightBatches();
                context.getCamelContextExtension().addContextPlugin(InFlightBatches.class, batches);
            }
            return batches;
        }
    }

    /**
     * Records a batch about to be sent when it is part of a split, and returns what removes it once its call
     * completed (nothing to remove for an exchange that is not part of a split).
     */
    public Runnable register(Exchange batch, List<String> deviceNames, String productKey) {
        // the Splitter sets the split's input exchange id as the correlation id of each part
        String split = batch.getProperty(Exchange.CORRELATION_ID, String.class);
        if (split == null || batch.getProperty(Exchange.SPLIT_INDEX) == null) {
            return () -> {
            };
        }
        String id = batch.getExchangeId();
        bySplit.compute(split, (key, batches) -> {
            Map<String, Batch> map = batches != null ? batches : new HashMap<>();
            map.put(id, new Batch(deviceNames, productKey));
            return map;
        });
        return () -> bySplit.computeIfPresent(split, (key, batches) -> {
            batches.remove(id);
            return batches.isEmpty() ? null : batches;
        });
    }

    /** Removes and returns the batches of the split of {@code splitExchangeId} still in flight. */
    List<Batch> takeAll(String splitExchangeId) {
        List<Batch> inFlight = new ArrayList<>();
        bySplit.computeIfPresent(splitExchangeId, (key, batches) -> {
            inFlight.addAll(batches.values());
            return null;
        });
        return inFlight;
    }
}
