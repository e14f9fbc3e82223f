package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.BatchGetDeviceStateRequest;
import com.aliyuncs.iot.model.v20180120.BatchGetDeviceStateResponse;
import com.aliyuncs.iot.model.v20180120.GetDeviceStatusRequest;
import com.aliyuncs.iot.model.v20180120.GetDeviceStatusResponse;
import com.aliyuncs.iot.model.v20180120.InvokeThingServiceRequest;
import com.aliyuncs.iot.model.v20180120.InvokeThingServiceResponse;
import com.aliyuncs.iot.model.v20180120.QueryDeviceServiceDataRequest;
import com.aliyuncs.iot.model.v20180120.QueryDeviceServiceDataResponse;
import com.aliyuncs.iot.model.v20180120.QueryProductListRequest;
import com.aliyuncs.iot.model.v20180120.QueryProductListResponse;
import com.aliyuncs.profile.DefaultProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.IotIds;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read APIs and InvokeThingService through the official classic SDK's own request and response classes. */
class ReadApisTest {

    static final String KEY = "read-key";
    static final String SECRET = "read-secret";
    static final String PK = "a1Meter";

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account(KEY, SECRET).qps(0).syncTimeout(Duration.ofSeconds(1))
            .device(PK, "m-1").device(PK, "m-2", DeviceState.OFFLINE).device(PK, "m-3", DeviceState.UNACTIVE)
            .device(PK, "m-4", DeviceState.DISABLED)
            .product("a1Other")
            .reply(PK, "getTemp", ReplyRule.success().withData("{\"t\":21.5}").synchronous(true)
                    .withDelay(Duration.ofMillis(50)))
            .reply(PK, "hang", ReplyRule.success().silent().synchronous(true)));

    private static final ObjectMapper JSON = new ObjectMapper();

    static <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
        request.setSysEndpoint(sim.simulator().endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", KEY, SECRET)).getAcsResponse(request);
    }

    @Test
    void batchGetDeviceStateByNameAndByIotId() throws Exception {
        BatchGetDeviceStateRequest byName = new BatchGetDeviceStateRequest();
        byName.setProductKey(PK);
        byName.setDeviceNames(List.of("m-1", "m-2", "m-3", "m-4"));
        BatchGetDeviceStateResponse response = call(byName);
        assertThat(response.getDeviceStatusList()).extracting(BatchGetDeviceStateResponse.DeviceStatus::getStatus)
                .containsExactly("ONLINE", "OFFLINE", "UNACTIVE", "DISABLE");
        assertThat(response.getDeviceStatusList().get(0).getIotId()).isEqualTo(IotIds.of(PK, "m-1"));
        assertThat(response.getDeviceStatusList().get(0).getAsAddress()).isNotEmpty();
        assertThat(response.getDeviceStatusList().get(0).getLastOnlineTime()).isNotEmpty();

        BatchGetDeviceStateRequest byIotId = new BatchGetDeviceStateRequest();
        byIotId.setIotIds(List.of(IotIds.of(PK, "m-2")));
        assertThat(call(byIotId).getDeviceStatusList()).extracting(BatchGetDeviceStateResponse.DeviceStatus::getDeviceName)
                .containsExactly("m-2");
    }

    @Test
    void batchGetDeviceStateTakesAtMostFifty() throws Exception {
        BatchGetDeviceStateRequest request = new BatchGetDeviceStateRequest();
        request.setProductKey(PK);
        request.setDeviceNames(IntStream.rangeClosed(1, 51).mapToObj(i -> "m-1").toList());
        // a business error is HTTP 200 with Success=false: the classic SDK returns it rather than throwing
        BatchGetDeviceStateResponse response = call(request);
        assertThat(response.getSuccess()).isFalse();
        assertThat(response.getCode()).isEqualTo("iot.common.InvalidFormattedParameter");
    }

    @Test
    void getDeviceStatusFollowsStateChanges() throws Exception {
        GetDeviceStatusRequest request = new GetDeviceStatusRequest();
        request.setProductKey(PK);
        request.setDeviceName("m-1");
        GetDeviceStatusResponse online = call(request);
        assertThat(online.getData().getStatus()).isEqualTo("ONLINE");

        sim.simulator().setDeviceState(PK, "m-1", DeviceState.OFFLINE);
        GetDeviceStatusRequest byIotId = new GetDeviceStatusRequest();
        byIotId.setIotId(IotIds.of(PK, "m-1"));
        GetDeviceStatusResponse offline = call(byIotId);
        assertThat(offline.getData().getStatus()).isEqualTo("OFFLINE");
        assertThat(offline.getData().getTimestamp()).isGreaterThanOrEqualTo(online.getData().getTimestamp());

        GetDeviceStatusRequest unknown = new GetDeviceStatusRequest();
        unknown.setProductKey(PK);
        unknown.setDeviceName("no-such-device");
        assertThat(call(unknown).getCode()).isEqualTo("iot.device.NotExistedDevice");
    }

    static InvokeThingServiceRequest invoke(String device, String identifier) {
        InvokeThingServiceRequest request = new InvokeThingServiceRequest();
        request.setProductKey(PK);
        request.setDeviceName(device);
        request.setIdentifier(identifier);
        request.setArgs("{\"unit\":\"C\"}");
        return request;
    }

    @Test
    void invokeThingServiceReturnsTheAlinkIdAndForSynchronousServicesTheResult() throws Exception {
        InvokeThingServiceResponse async = call(invoke("m-1", "setLight"));
        assertThat(async.getSuccess()).isTrue();
        assertThat(async.getData().getResult()).isNull();
        assertThat(async.getData().getMessageId())
                .isEqualTo(sim.simulator().deviceInvocations().get(0).alinkId());

        InvokeThingServiceResponse sync = call(invoke("m-1", "getTemp"));
        assertThat(JSON.readTree(sync.getData().getResult()).path("t").asDouble()).isEqualTo(21.5);
        assertThat(sync.getData().getMessageId()).isEqualTo(sim.simulator().deviceInvocations().get(1).alinkId());
        assertThat(sim.simulator().acceptedCalls()).extracting(AcceptedCall::action)
                .containsExactly("InvokeThingService", "InvokeThingService");
    }

    @Test
    void synchronousServiceOfASilentDeviceTimesOut() throws Exception {
        long start = System.nanoTime();
        InvokeThingServiceResponse response = call(invoke("m-1", "hang"));
        assertThat(response.getSuccess()).isFalse();
        assertThat(response.getCode()).isEqualTo("iot.messagebroker.TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void queryDeviceServiceDataPagesThroughRequestsAndTheirReplies() throws Exception {
        for (int i = 0; i < 3; i++) {
            call(invoke("m-1", "setLight"));
            Thread.sleep(5); // distinct milliseconds, so paging by time is unambiguous
        }
        call(invoke("m-1", "other"));
        awaitReplies(4);
        List<DeviceInvocation> sent = sim.simulator().deviceInvocations();

        QueryDeviceServiceDataRequest page1 = query(sent.get(0).time().toEpochMilli());
        QueryDeviceServiceDataResponse first = call(page1);
        assertThat(first.getData().getList()).hasSize(2);
        assertThat(first.getData().getNextValid()).isTrue();
        QueryDeviceServiceDataResponse.Data.ServiceInfo row = first.getData().getList().get(0);
        assertThat(row.getIdentifier()).isEqualTo("setLight");
        assertThat(row.getInputData()).isEqualTo("{\"unit\":\"C\"}");
        JsonNode output = JSON.readTree(row.getOutputData());
        assertThat(output.path("id").asText()).isEqualTo(sent.get(0).alinkId());
        assertThat(output.path("code").asInt()).isEqualTo(200);

        QueryDeviceServiceDataResponse second = call(query(first.getData().getNextTime()));
        assertThat(second.getData().getList()).hasSize(1);
        assertThat(second.getData().getNextValid()).isFalse();
        assertThat(JSON.readTree(second.getData().getList().get(0).getOutputData()).path("id").asText())
                .isEqualTo(sent.get(2).alinkId());
    }

    private static QueryDeviceServiceDataRequest query(long startTime) {
        QueryDeviceServiceDataRequest request = new QueryDeviceServiceDataRequest();
        request.setProductKey(PK);
        request.setDeviceName("m-1");
        request.setIdentifier("setLight");
        request.setStartTime(startTime);
        request.setEndTime(System.currentTimeMillis() + 1000);
        request.setAsc(1);
        request.setPageSize(2);
        return request;
    }

    @Test
    void queryProductListServesTheRegistry() throws Exception {
        QueryProductListRequest request = new QueryProductListRequest();
        request.setCurrentPage(1);
        request.setPageSize(10);
        QueryProductListResponse response = call(request);
        assertThat(response.getSuccess()).isTrue();
        assertThat(response.getData().getTotal()).isEqualTo(2);
        assertThat(response.getData().getList()).extracting(QueryProductListResponse.Data.ProductInfo::getProductKey)
                .containsExactly("a1Meter", "a1Other");
        assertThat(response.getData().getList().get(0).getDeviceCount()).isEqualTo(4);
    }

    @Test
    void everyReadApiHasItsOwnQuota() throws Exception {
        try (AliyunIotSimulator limited = AliyunIotSimulator.builder().account(KEY, SECRET).qps(1)
                .apiQps("GetDeviceStatus", 2).build().start()) {
            GetDeviceStatusRequest[] requests = new GetDeviceStatusRequest[3];
            ClientException third = null;
            for (int i = 0; i < 3; i++) {
                requests[i] = new GetDeviceStatusRequest();
                requests[i].setProductKey(PK);
                requests[i].setDeviceName("m-1");
                requests[i].setSysEndpoint(limited.endpoint());
                requests[i].setSysProtocol(ProtocolType.HTTP);
                try {
                    new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", KEY, SECRET))
                            .getAcsResponse(requests[i]);
                } catch (ClientException e) {
                    third = e;
                }
            }
            // the third within a second is refused although InvokeThingsService's own budget (1) was never used
            assertThat(third).isNotNull();
            assertThat(third.getErrCode()).isEqualTo("Throttling.User");
            assertThat(limited.rejections()).hasSize(1);
        }
    }

    private static void awaitReplies(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (sim.simulator().deviceReplies().size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sim.simulator().deviceReplies()).hasSize(count);
    }
}
