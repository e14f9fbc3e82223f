package org.camelaliyun.iot.subscription;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed login against HMAC-SHA256 computed here with the JDK's Mac, independently of the signer. */
class AmqpLoginSignerTest {

    static String hmacSha256(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void akSignLogin() throws Exception {
        AmqpLogin login = AmqpLoginSigner.sign("host-1", "LTAI5tKey", "s3cr3t", null, "iot-06z00x", "cg-1",
                1_700_000_000_123L);
        assertThat(login.username()).isEqualTo("host-1|authMode=aksign,signMethod=hmacsha256,timestamp=1700000000123,"
                                               + "authId=LTAI5tKey,iotInstanceId=iot-06z00x,consumerGroupId=cg-1|");
        assertThat(login.password()).isEqualTo(hmacSha256("s3cr3t", "authId=LTAI5tKey&timestamp=1700000000123"));
        // and a literal computed with Python's hmac module, so a change of both sides at once cannot pass unnoticed
        assertThat(login.password()).isEqualTo("sUEkw7bsklMCfy7UyGoYLvs/fh+qD0jtk/ugBlsRL4I=");
        assertThat(login.toString()).doesNotContain("s3cr3t").doesNotContain(login.password());
    }

    @Test
    void stsLoginSignsTheTokenAndOmitsAnAbsentInstance() throws Exception {
        AmqpLogin login = AmqpLoginSigner.sign("c", "STS.key", "tmp", "tok-en", null, "g", 5L);
        assertThat(login.username())
                .isEqualTo("c|authMode=ststoken,signMethod=hmacsha256,timestamp=5,authId=STS.key,consumerGroupId=g,"
                           + "securityToken=tok-en|");
        assertThat(login.password()).isEqualTo(hmacSha256("tmp", "authId=STS.key&securityToken=tok-en&timestamp=5"));
        assertThat(login.toString()).doesNotContain("tok-en");
    }

    @Test
    void addressFromInstanceUidOrEndpoint() {
        assertThat(SubscriptionAddress.resolve(null, "iot-06z00x", null, "cn-shanghai"))
                .hasToString("amqps://iot-06z00x.amqp.iothub.aliyuncs.com:5671");
        assertThat(SubscriptionAddress.resolve(null, null, "1234567890", "cn-shanghai"))
                .hasToString("amqps://1234567890.iot-amqp.cn-shanghai.aliyuncs.com:5671");
        assertThat(SubscriptionAddress.resolve("amqps://127.0.0.1:5999", "ignored", null, null))
                .hasToString("amqps://127.0.0.1:5999");
    }

    @Test
    void topics() {
        assertThat(Topic.parse("/a1B/lamp-1/thing/downlink/reply/message"))
                .isEqualTo(new Topic(Topic.TYPE_DOWNLINK_REPLY, "a1B", "lamp-1"));
        assertThat(Topic.parse("/sys/a1B/lamp-1/thing/downlink/reply/message").messageType())
                .isEqualTo(Topic.TYPE_DOWNLINK_REPLY);
        assertThat(Topic.parse("/as/mqtt/status/a1B/lamp-1")).isEqualTo(new Topic(Topic.TYPE_STATUS, "a1B", "lamp-1"));
        assertThat(Topic.parse("/sys/a1B/lamp-1/thing/event/property/post").messageType()).isEqualTo(Topic.TYPE_PROPERTY);
        assertThat(Topic.parse("/sys/a1B/lamp-1/thing/event/alarm/post").messageType()).isEqualTo(Topic.TYPE_EVENT);
        assertThat(Topic.parse("/a1B/lamp-1/user/update").messageType()).isEqualTo(Topic.TYPE_CUSTOM);
        assertThat(Topic.parse("weird").messageType()).isEqualTo(Topic.TYPE_OTHER);
    }
}
