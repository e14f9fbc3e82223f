package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.InvokeThingsServiceRequest;
import com.aliyuncs.profile.DefaultProfile;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.JsonNode;
import org.camelaliyun.iot.simulator.AmqpClients.Received;
import org.camelaliyun.iot.simulator.amqp.SubscriptionMessage;
import org.camelaliyun.iot.simulator.devices.DeviceInvocation;
import org.camelaliyun.iot.simulator.devices.DeviceState;
import org.camelaliyun.iot.simulator.devices.ReplyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server-side subscription as Alibaba's Java demo consumes it: Qpid JMS over amqps, the signed login, queue
 * {@code default}; the device answers come from calls made with Alibaba's classic SDK.
 */
class SubscriptionTest {

    static final String KEY = "amqp-key";
    static final String SECRET = "amqp-secret";
    static final String PK = "a1Lamp";

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension(AliyunIotSimulator.builder()
            .account(KEY, SECRET).qps(0)
            .stsAccount("STS.amqp", "sts-secret", "sts-token")
            .consumerGroup("group-a").consumerGroup("group-b")
            .subscription(o -> o.ackTimeout(Duration.ofSeconds(4)))
            .product(PK)
            .device(PK, "lamp-1").device(PK, "lamp-2").device(PK, "lamp-3", DeviceState.OFFLINE)
            .device(PK, "lamp-4")
            .devices(PK, IntStream.rangeClosed(5, 100).mapToObj(i -> "lamp-" + i).toList())
            .reply(PK, "setLight", ReplyRule.success().withData(Map.of("brightness", 50)))
            .reply(PK, "bulkService", ReplyRule.success().withSilentShare(0.2)
                    .withDelay(Duration.ZERO, Duration.ofMillis(5)))
            .deviceReply(PK, "lamp-2", "setLight", ReplyRule.code(460).withMessage("bad brightness"))
            .deviceReply(PK, "lamp-4", "setLight", ReplyRule.success().silent()));

    private final AmqpClients clients = new AmqpClients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    static void invoke(AliyunIotSimulator simulator, String identifier, List<String> devices) throws Exception {
        InvokeThingsServiceRequest request = new InvokeThingsServiceRequest();
        request.setSysEndpoint(simulator.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        request.setProductKey(PK);
        request.setIdentifier(identifier);
        request.setArgs("{\"brightness\":50}");
        request.setDeviceNames(devices);
        assertThat(new DefaultAcsClient(DefaultProfile.getProfile("cn-shanghai", KEY, SECRET))
                .getAcsResponse(request).getSuccess()).isTrue();
    }

    @Test
    void downlinkRepliesOfSdkCallsArriveAsDocumented() throws Exception {
        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-a"),
                Session.AUTO_ACKNOWLEDGE);
        long before = System.currentTimeMillis();
        invoke(sim.simulator(), "setLight", List.of("lamp-1", "lamp-2", "lamp-3", "lamp-4"));

        List<Received> received = AmqpClients.receive(consumer, 3, 10_000);
        assertThat(received).hasSize(3);
        assertThat(AmqpClients.receive(consumer, 500)).as("lamp-4 is silent").isNull();
        Map<String, Received> byDevice = received.stream()
                .collect(Collectors.toMap(r -> r.body().path("deviceName").asText(), Function.identity()));
        Map<String, String> alinkIds = sim.simulator().deviceInvocations().stream()
                .collect(Collectors.toMap(DeviceInvocation::deviceName, DeviceInvocation::alinkId));

        Received ok = byDevice.get("lamp-1");
        assertThat(ok.topic()).isEqualTo("/" + PK + "/lamp-1/thing/downlink/reply/message");
        assertThat(ok.messageId()).matches("\\d+");
        assertThat(ok.generateTime()).isBetween(before, System.currentTimeMillis());
        assertThat(ok.body().path("requestId").isNumber()).isTrue();
        assertThat(ok.body().path("requestId").asText()).isEqualTo(alinkIds.get("lamp-1"));
        assertThat(Long.parseLong(alinkIds.get("lamp-1"))).isBetween(0L, 4294967295L);
        assertThat(ok.body().path("code").asInt()).isEqualTo(200);
        assertThat(ok.body().path("message").asText()).isEqualTo("success");
        assertThat(ok.body().path("productKey").asText()).isEqualTo(PK);
        assertThat(ok.body().path("iotId").asText()).isNotEmpty();
        assertThat(ok.body().path("gmtCreate").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(ok.body().path("topic").asText()).isEqualTo("/sys/" + PK + "/lamp-1/thing/service/setLight_reply");
        assertThat(ok.body().path("data").path("brightness").asInt()).isEqualTo(50);

        assertThat(byDevice.get("lamp-2").body().path("code").asInt()).isEqualTo(460);
        assertThat(byDevice.get("lamp-2").body().path("message").asText()).isEqualTo("bad brightness");
        assertThat(byDevice.get("lamp-3").body().path("code").asInt()).as("offline: reply9201 by default")
                .isEqualTo(9201);
        assertThat(received).extracting(Received::messageId).doesNotHaveDuplicates();
        assertThat(sim.simulator().summary().deviceRepliesByCode()).containsEntry(200, 1).containsEntry(460, 1)
                .containsEntry(9201, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmacmd5", "hmacsha1", "hmacsha256"})
    void everySignMethodLogsIn(String signMethod) throws Exception {
        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), "c-" + signMethod, KEY,
                SECRET, "group-a", signMethod, 60_000), Session.AUTO_ACKNOWLEDGE);
        invoke(sim.simulator(), "setLight", List.of("lamp-1"));
        assertThat(AmqpClients.receive(consumer, 10_000)).isNotNull();
    }

    @Test
    void stsKeysLogInWithTheirTokenOnly() throws Exception {
        long ts = System.currentTimeMillis();
        String username = "sts-client|authMode=ststoken,securityToken=sts-token,signMethod=hmacsha256,timestamp=" + ts
                + ",authId=STS.amqp,consumerGroupId=group-a|";
        String password = AmqpClients.password("sts-secret",
                "authId=STS.amqp&securityToken=sts-token&timestamp=" + ts, "hmacsha256");
        MessageConsumer consumer = AmqpClients.consumer(clients.connectRaw(sim.simulator(), username, password,
                60_000), Session.AUTO_ACKNOWLEDGE);
        invoke(sim.simulator(), "setLight", List.of("lamp-1"));
        assertThat(AmqpClients.receive(consumer, 10_000)).isNotNull();

        // the same key signing as a permanent one (aksign, no token) is refused
        assertThatThrownBy(() -> clients.connect(sim.simulator(), "c", "STS.amqp", "sts-secret", "group-a",
                "hmacsha1", 60_000)).isInstanceOf(JMSException.class);
        assertThat(sim.simulator().subscription().refusals()).singleElement().asString().contains("STS");
    }

    @Test
    void wrongSignatureUnknownKeyAndUnknownGroupAreRefused() {
        assertThatThrownBy(() -> clients.connect(sim.simulator(), KEY, "not-the-secret", "group-a"))
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> clients.connect(sim.simulator(), "unknown-key", SECRET, "group-a"))
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> clients.connect(sim.simulator(), KEY, SECRET, "no-such-group"))
                .isInstanceOf(JMSException.class);
        assertThat(sim.simulator().subscription().refusals()).containsExactly("signature does not match",
                "unknown AccessKeyId", "unknown consumer group");
    }

    @Test
    void idleTimeoutOutsideThirtyToThreeHundredSecondsIsRefused() {
        assertThatThrownBy(() -> clients.connect(sim.simulator(), "c", KEY, SECRET, "group-a", "hmacsha1", 10_000))
                .isInstanceOf(JMSException.class);
        assertThat(sim.simulator().subscription().refusals()).singleElement().asString().contains("idle timeout");
    }

    @Test
    void unsettledMessageComesAgainWithTheSameMessageId() throws Exception {
        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-a"),
                Session.CLIENT_ACKNOWLEDGE);
        invoke(sim.simulator(), "setLight", List.of("lamp-1"));
        Received first = AmqpClients.receive(consumer, 10_000);
        assertThat(first).isNotNull();

        Received again = AmqpClients.receive(consumer, 20_000); // the ack timeout here is 4 s
        assertThat(again).isNotNull();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.body()).isEqualTo(first.body());
        again.message().acknowledge();
        assertThat(sim.simulator().subscription().stats("group-a").redelivered()).isPositive();
    }

    @Test
    void backlogIsDeliveredAfterConnecting() throws Exception {
        invoke(sim.simulator(), "setLight", List.of("lamp-1", "lamp-2", "lamp-3"));
        awaitReplies(3);
        // the count of published messages goes up before the message reaches the groups on the event loop
        long deadline = System.currentTimeMillis() + 10_000;
        while (sim.simulator().subscription().stats("group-b").backlog() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sim.simulator().subscription().stats("group-b").backlog()).isEqualTo(3);

        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-b"),
                Session.AUTO_ACKNOWLEDGE);
        assertThat(AmqpClients.receive(consumer, 3, 10_000)).hasSize(3);
    }

    @Test
    void clientsOfOneGroupShareAndEveryGroupGetsAll() throws Exception {
        // listeners settle at once, as Alibaba's demo does, so the 4 s ack timeout never strikes
        Queue<Received> a1 = listen(clients.connect(sim.simulator(), KEY, SECRET, "group-a"));
        Queue<Received> a2 = listen(clients.connect(sim.simulator(), KEY, SECRET, "group-a"));
        Queue<Received> b = listen(clients.connect(sim.simulator(), KEY, SECRET, "group-b"));
        for (int i = 0; i < 10; i++) {
            invoke(sim.simulator(), "anyService", List.of("lamp-1", "lamp-2"));
        }
        awaitReplies(20);
        long deadline = System.currentTimeMillis() + 30_000;
        while ((b.size() < 20 || a1.size() + a2.size() < 20) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // nothing more may come

        assertThat(b).hasSize(20);
        assertThat(a1).isNotEmpty();
        assertThat(a2).isNotEmpty();
        assertThat(a1.size() + a2.size()).as("shared, not copied").isEqualTo(20);
        Set<String> groupA = new HashSet<>();
        a1.forEach(r -> groupA.add(r.messageId()));
        a2.forEach(r -> groupA.add(r.messageId()));
        assertThat(groupA).isEqualTo(b.stream().map(Received::messageId).collect(Collectors.toSet()));
    }

    private static Queue<Received> listen(Connection connection) throws JMSException {
        Queue<Received> received = new ConcurrentLinkedQueue<>();
        AmqpClients.consumer(connection, Session.AUTO_ACKNOWLEDGE).setMessageListener(m -> {
            try {
                received.add(AmqpClients.toReceived(m));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return received;
    }

    @Test
    void onlyOneReceiverLinkPerConnection() throws Exception {
        Connection connection = clients.connect(sim.simulator(), KEY, SECRET, "group-a");
        AmqpClients.consumer(connection, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> AmqpClients.consumer(connection, Session.AUTO_ACKNOWLEDGE))
                .isInstanceOf(JMSException.class);
    }

    @Test
    void statusChangesArriveOnTheStatusTopic() throws Exception {
        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-a"),
                Session.AUTO_ACKNOWLEDGE);
        sim.simulator().setDeviceState(PK, "lamp-1", DeviceState.OFFLINE);
        sim.simulator().setDeviceState(PK, "lamp-1", DeviceState.ONLINE);

        List<Received> received = AmqpClients.receive(consumer, 2, 10_000);
        assertThat(received).extracting(Received::topic).containsOnly("/as/mqtt/status/" + PK + "/lamp-1");
        Map<String, Received> byStatus = received.stream()
                .collect(Collectors.toMap(r -> r.body().path("status").asText(), Function.identity()));
        Received offline = byStatus.get("offline");
        assertThat(offline.body().path("deviceName").asText()).isEqualTo("lamp-1");
        assertThat(offline.body().path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(offline.body().path("utcTime").asText()).endsWith("Z");
        assertThat(offline.body().has("offlineReasonCode")).isTrue();
        assertThat(byStatus.get("online").body().has("offlineReasonCode")).isFalse();
        assertThat(byStatus.get("online").body().path("lastTime").asText())
                .isGreaterThanOrEqualTo(offline.body().path("lastTime").asText());
    }

    @Test
    void duplicateDeliveryFault() throws Exception {
        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-a"),
                Session.AUTO_ACKNOWLEDGE);
        sim.simulator().subscription().faults().duplicateNext(1);
        invoke(sim.simulator(), "setLight", List.of("lamp-1"));
        List<Received> received = AmqpClients.receive(consumer, 2, 10_000);
        assertThat(received).hasSize(2);
        assertThat(received.get(0).messageId()).isEqualTo(received.get(1).messageId());
    }

    @Test
    void delayedDeliveryFault() throws Exception {
        MessageConsumer consumer = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-a"),
                Session.AUTO_ACKNOWLEDGE);
        sim.simulator().subscription().faults().delayNext(1, Duration.ofMillis(1500));
        invoke(sim.simulator(), "setLight", List.of("lamp-1"));
        Received late = AmqpClients.receive(consumer, 15_000);
        long arrived = System.currentTimeMillis();
        assertThat(late).isNotNull();
        assertThat(arrived - sim.simulator().deviceReplies().get(0).time().toEpochMilli()).isGreaterThanOrEqualTo(1500);
    }

    @Test
    void droppedConnectionLosesNothing() throws Exception {
        Connection connection = clients.connect(sim.simulator(), KEY, SECRET, "group-a");
        MessageConsumer consumer = AmqpClients.consumer(connection, Session.CLIENT_ACKNOWLEDGE);
        invoke(sim.simulator(), "setLight", List.of("lamp-1"));
        Received unsettled = AmqpClients.receive(consumer, 10_000);
        assertThat(unsettled).isNotNull();

        sim.simulator().subscription().dropConnections();
        MessageConsumer again = AmqpClients.consumer(clients.connect(sim.simulator(), KEY, SECRET, "group-a"),
                Session.AUTO_ACKNOWLEDGE);
        Received redelivered = AmqpClients.receive(again, 10_000);
        assertThat(redelivered).isNotNull();
        assertThat(redelivered.messageId()).isEqualTo(unsettled.messageId());
    }

    @Test
    void tenThousandInvocationsGiveOneReplyPerAnsweringDevice() throws Exception {
        Queue<Received> received = listen(clients.connect(sim.simulator(), KEY, SECRET, "group-a"));
        // 100 calls of 100 devices; one device in five falls in the rule's silent share, lamp-3 is offline (9201)
        List<String> devices = IntStream.rangeClosed(1, 100).mapToObj(i -> "lamp-" + i).toList();
        AliyunIotSimulator simulator = sim.simulator();
        for (int call = 0; call < 100; call++) {
            invoke(simulator, "bulkService", devices);
        }
        List<DeviceInvocation> invocations = simulator.deviceInvocations();
        assertThat(invocations).hasSize(10_000);
        Set<String> expected = invocations.stream().filter(i -> i.outcome() == DeviceInvocation.Outcome.REPLIES)
                .map(i -> i.deviceName() + "#" + i.alinkId()).collect(Collectors.toSet());
        assertThat(expected.size()).as("the model leaves some devices silent").isBetween(6_000, 9_500);
        assertThat(expected.size() % 100).as("silence is per device, so whole devices drop out").isZero();
        awaitReplies(expected.size());

        // exactly one message per answer, none for a silent device
        List<SubscriptionMessage> published = simulator.subscription().published();
        assertThat(published).hasSize(expected.size());
        assertThat(published.stream().map(m -> key(AmqpClients.json(m.body()))).collect(Collectors.toSet()))
                .isEqualTo(expected);

        // and the consumer gets each of them (at least once: a slow machine may see an ack timeout strike)
        long deadline = System.currentTimeMillis() + 60_000;
        while (distinctIds(received) < expected.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received.stream().map(r -> key(r.body())).collect(Collectors.toSet())).isEqualTo(expected);
        assertThat(distinctIds(received)).isEqualTo(expected.size());
    }

    private static String key(JsonNode body) {
        return body.path("deviceName").asText() + "#" + body.path("requestId").asText();
    }

    private static long distinctIds(Queue<Received> received) {
        return received.stream().map(Received::messageId).distinct().count();
    }

    private static void awaitReplies(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (sim.simulator().deviceReplies().size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sim.simulator().deviceReplies()).hasSize(count);
        // a reply is recorded just before it is published: wait for the publication too
        while (sim.simulator().subscription().publishedCount() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }
}
