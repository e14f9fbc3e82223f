package org.camelaliyun.iot.operations;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import org.camelaliyun.iot.AliyunIotConfiguration;
import org.camelaliyun.iot.AliyunIotException;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.CallFailure;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.camelaliyun.iot.openapi.OpenApiCaller;

/**
 * The records of a QueryDeviceServiceData range, page by page: it holds one page at a time and asks for the next
 * when the route has taken the last record, through the same caller (quota, signing, retries) as the first page.
 * Single use, like any iterator; a page that fails ends the iteration with its {@link AliyunIotException}.
 * <p>
 * The next page starts at the reply's {@code NextTime}. Records that share that millisecond with records already
 * returned may come again (the range bound is a millisecond); they are skipped by count, so each record comes once.
 */
public final class ServiceDataPages implements Iterator<ServiceRecord> {

    private final QueryDeviceServiceDataOperation operation;
    private final OperationContext context;
    private final String action = AliyunIotOperations.queryDeviceServiceData.action();
    private final ArrayDeque<ServiceRecord> buffered = new ArrayDeque<>();
    /** Records already returned per millisecond, for the milliseconds the next request overlaps. */
    private Map<Long, Integer> returnedAt = new HashMap<>();
    private QueryDeviceServiceDataOperation.Input request;
    private QueryDeviceServiceDataOperation.Input next;
    /** The page size asked for; a page is made larger only to get past a crowded millisecond. */
    private final int pageSize;
    private int pages;
    private long records;

    ServiceDataPages(QueryDeviceServiceDataOperation operation, QueryDeviceServiceDataOperation.Input input,
                     OpenApiCaller.Accepted first, OperationContext context) {
        this.operation = operation;
        this.context = context;
        this.request = input;
        this.pageSize = input.pageSize();
        take(first);
    }

    @Override
    public boolean hasNext() {
        while (buffered.isEmpty() && next != null) {
            request = next;
            take(fetch(request));
        }
        return !buffered.isEmpty();
    }

    @Override
    public ServiceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in the range");
        }
        records++;
        return buffered.poll();
    }

    /** How many pages were fetched so far, the first included. */
    public int getPages() {
        return pages;
    }

    /**
     * Waits for one page. Bounded, though the caller always ends a call: by the time every attempt and retry may take,
     * plus a minute for the quota.
     */
    private OpenApiCaller.Accepted fetch(QueryDeviceServiceDataOperation.Input input) {
        AliyunIotConfiguration c = context.configuration();
        long bound = (c.getMaxRetries() + 1L) * (c.getConnectTimeout() + c.getResponseTimeout())
                     + (long) c.getMaxRetries() * c.getRetryMaxDelay() + 60_000;
        CompletableFuture<OpenApiCaller.Accepted> call = context.caller()
                .call(operation.toCall(input, context), operation.deviceNames(input));
        try {
            return call.get(bound, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            AliyunIotException failure = OperationResults.asAliyunIotException(e.getCause());
            if (failure != null) {
                throw failure;
            }
            throw new IllegalStateException(action + " page " + (pages + 1) + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            call.cancel(false);
            throw new AliyunIotException(new CallFailure(action, ErrorCodes.RESPONSE_TIMEOUT, "page " + (pages + 1)
                                                                                          + " did not come within "
                                                                                          + bound + " ms",
                    null, 0, CallFailure.Outcome.UNKNOWN, 0, operation.deviceNames(input), null), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + action + " page " + (pages + 1), e);
        }
    }

    private void take(OpenApiCaller.Accepted accepted) {
        pages++;
        List<String> devices = operation.deviceNames(request);
        JsonNode data = OperationResults.object(OperationResults.replyTree(accepted, context.mapper(), action, devices),
                accepted, action, devices, "Data");
        Map<Long, Integer> toSkip = new HashMap<>(returnedAt);
        int fresh = 0;
        for (JsonNode row : OperationResults.list(data.path("List"), "ServiceInfo")) {
            ServiceRecord record = record(row);
            Integer skip = toSkip.get(record.time());
            if (skip != null && skip > 0) {
                toSkip.put(record.time(), skip - 1);
                continue;
            }
            buffered.add(record);
            returnedAt.merge(record.time(), 1, Integer::sum);
            fresh++;
        }
        next = nextRequest(data, fresh, accepted);
    }

    private QueryDeviceServiceDataOperation.Input nextRequest(JsonNode data, int fresh, OpenApiCaller.Accepted accepted) {
        Long nextTime = OperationResults.number(data, "NextTime");
        if (!data.path("NextValid").asBoolean(false) || nextTime == null
            || nextTime < request.startTime() || nextTime >= request.endTime() + 1) {
            returnedAt = Map.of();
            return null;
        }
        // descending: the next range ends just after NextTime, so the records of that millisecond not yet returned
        // come whether the gateway's EndTime is inclusive or not
        QueryDeviceServiceDataOperation.Input following = request.asc()
                ? request.range(nextTime, request.endTime(), pageSize)
                : request.range(request.startTime(), Math.min(nextTime + 1, request.endTime()), pageSize);
        Map<Long, Integer> kept = new HashMap<>();
        for (long ms = following.asc() ? nextTime : nextTime - 1; ms <= nextTime + 1; ms++) {
            Integer count = returnedAt.get(ms);
            if (count != null) {
                kept.put(ms, count);
            }
        }
        returnedAt = kept;
        if (fresh == 0 && following.startTime() == request.startTime() && following.endTime() == request.endTime()) {
            // stuck: a millisecond holds more records than a page, and a range cannot start inside a millisecond;
            // a larger page gets past it (the next pages go back to the size asked for)
            if (request.pageSize() < QueryDeviceServiceDataOperation.MAX_PAGE_SIZE) {
                return request.range(request.startTime(), request.endTime(),
                        Math.min(QueryDeviceServiceDataOperation.MAX_PAGE_SIZE, request.pageSize() * 2));
            }
            throw OperationResults.failure(action, ErrorCodes.UNREADABLE_REPLY, "page " + pages + " brought no "
                                                                              + "new record and the next range would "
                                                                              + "be the same: more than "
                                                                              + request.pageSize() + " records share "
                                                                              + "one millisecond, more than a page "
                                                                              + "holds", accepted,
                    operation.deviceNames(request));
        }
        return following;
    }

    private ServiceRecord record(JsonNode row) {
        String output = OperationResults.text(row, "OutputData");
        if (output != null && output.isBlank()) {
            output = null;
        }
        String messageId = null;
        Integer code = null;
        if (output != null) {
            try {
                JsonNode answer = context.mapper().readTree(output);
                messageId = OperationResults.text(answer, "id");
                Long answerCode = OperationResults.number(answer, "code");
                code = answerCode == null ? null : answerCode.intValue();
            } catch (Exception e) {
                // an answer the platform stored in another shape: the raw text is still there
            }
        }
        Long time = OperationResults.number(row, "Time");
        return new ServiceRecord(time == null ? 0 : time, OperationResults.text(row, "Identifier"),
                OperationResults.text(row, "Name"), OperationResults.text(row, "InputData"), output, messageId, code);
    }

    @Override
    public String toString() {
        return "ServiceDataPages[" + request.device().names().get(0) + ", " + request.startTime() + ".."
               + request.endTime() + (request.asc() ? " ascending" : " descending") + ", pages=" + pages
               + ", records=" + records + (next == null && buffered.isEmpty() ? ", done" : "") + "]";
    }
}
