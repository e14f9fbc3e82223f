package org.camelaliyun.iot.signing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Alibaba's published signature vectors (see the OpenAPI notes, sections 2 and 3). */
class SignatureVectorsTest {

    private static Map<String, String> describeRegions() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccessKeyId", "testid");
        p.put("Action", "DescribeRegions");
        p.put("Format", "XML");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        p.put("SignatureVersion", "1.0");
        p.put("Timestamp", "2016-02-23T12:46:24Z");
        p.put("Version", "2014-05-26");
        return p;
    }

    @Test
    void v1GetVector() {
        assertThat(RpcSignatureV1.sign("testsecret", "GET", describeRegions())).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void v1PostVector() {
        assertThat(RpcSignatureV1.sign("testsecret", "POST", describeRegions())).isEqualTo("MxbnVAM4w6sft9xjVpe/GCKueuk=");
    }

    @Test
    void v1StringToSignEncodesTheCanonicalStringTwice() {
        Map<String, String> p = new TreeMap<>(Map.of("Identifier", "testFb:testService", "Signature", "ignored"));
        assertThat(RpcSignatureV1.stringToSign("POST", p)).isEqualTo("POST&%2F&Identifier%3DtestFb%253AtestService");
    }

    @Test
    void v1SortsDeviceNamesAsPlainStrings() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) {
            p.put("DeviceName." + i, "d" + i);
        }
        assertThat(RpcSignatureV1.canonicalQueryString(p))
                .startsWith("DeviceName.1=d1&DeviceName.10=d10&DeviceName.11=d11&DeviceName.2=d2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a b|a%20b", "a+b|a%2Bb", "a*b|a%2Ab", "a~b|a~b", "a/b|a%2Fb", "!'()|%21%27%28%29",
            "温度|%E6%B8%A9%E5%BA%A6", "😀|%F0%9F%98%80", "testFb:testService|testFb%3AtestService", "%|%25" })
    void percentEncodingVectors(String raw, String encoded) {
        assertThat(PercentEncoding.encode(raw)).isEqualTo(encoded);
    }

    @Test
    void percentEncodesNewline() {
        assertThat(PercentEncoding.encode("\n")).isEqualTo("%0A");
    }

    @Test
    void v3Vector() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd");
        query.put("RegionId", "cn-shanghai");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "ecs.cn-shanghai.aliyuncs.com");
        headers.put("x-acs-action", "RunInstances");
        headers.put("x-acs-version", "2014-05-26");
        headers.put("x-acs-date", "2023-10-26T10:22:32Z");
        headers.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        headers.put("x-acs-content-sha256", AcsSignatureV3.EMPTY_PAYLOAD_HASH);
        SortedMap<String, String> signed = AcsSignatureV3.headersToSign(headers);

        String canonicalRequest = AcsSignatureV3.canonicalRequest("POST", "/", query, signed, AcsSignatureV3.EMPTY_PAYLOAD_HASH);
        String stringToSign = AcsSignatureV3.stringToSign(canonicalRequest);

        assertThat(stringToSign).isEqualTo(
                "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assertThat(AcsSignatureV3.sign("YourAccessKeySecret", stringToSign))
                .isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
        assertThat(AcsSignatureV3.sha256Hex(new byte[0])).isEqualTo(AcsSignatureV3.EMPTY_PAYLOAD_HASH);
    }
}
