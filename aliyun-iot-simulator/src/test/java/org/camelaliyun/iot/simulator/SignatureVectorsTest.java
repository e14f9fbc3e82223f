package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alibaba's published vectors (see the shared OpenAPI notes) against the simulator's own verifier functions. */
class SignatureVectorsTest {

    private static Map<String, String> describeRegionsParams() {
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
        String stringToSign = SignatureV1.stringToSign("GET", describeRegionsParams());
        assertThat(stringToSign).isEqualTo("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
                + "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
                + "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
        assertThat(SignatureV1.sign(stringToSign, "testsecret")).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void v1PostVectorDiffersFromGet() {
        String stringToSign = SignatureV1.stringToSign("POST", describeRegionsParams());
        assertThat(SignatureV1.sign(stringToSign, "testsecret")).isEqualTo("MxbnVAM4w6sft9xjVpe/GCKueuk=");
    }

    @Test
    void v1IgnoresTheSignatureParameterAndSortsAsPlainStrings() {
        Map<String, String> p = describeRegionsParams();
        p.put("Signature", "whatever");
        assertThat(SignatureV1.sign(SignatureV1.stringToSign("GET", p), "testsecret"))
                .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        Map<String, String> devices = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) {
            devices.put("DeviceName." + i, "d" + i);
        }
        assertThat(SignatureV1.canonicalQuery(devices))
                .startsWith("DeviceName.1=d1&DeviceName.10=d10&DeviceName.11=d11&DeviceName.2=d2");
    }

    @Test
    void v3Vector() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("RegionId", "cn-shanghai");
        query.put("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-acs-version", "2014-05-26");
        headers.put("host", "ecs.cn-shanghai.aliyuncs.com");
        headers.put("x-acs-action", "RunInstances");
        headers.put("x-acs-date", "2023-10-26T10:22:32Z");
        headers.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        headers.put("x-acs-content-sha256", SignatureV3.EMPTY_BODY_SHA256);
        String canonical = SignatureV3.canonicalRequest("POST", "/", query, headers,
                SignatureV3.sha256Hex(new byte[0]));
        assertThat(canonical).startsWith("POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"
                + "&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\n");
        assertThat(canonical).contains("\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
                + "x-acs-version\n");
        assertThat(SignatureV3.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assertThat(SignatureV3.sign(SignatureV3.stringToSign(canonical), "YourAccessKeySecret"))
                .isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    void emptyBodyHash() {
        assertThat(SignatureV3.sha256Hex(new byte[0])).isEqualTo(SignatureV3.EMPTY_BODY_SHA256);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a b|a%20b", "a+b|a%2Bb", "a*b|a%2Ab", "a~b|a~b", "a/b|a%2Fb", "!'()|%21%27%28%29",
        "温度|%E6%B8%A9%E5%BA%A6", "😀|%F0%9F%98%80", "testFb:testService|testFb%3AtestService", "%|%25",
        "AZaz09-_.|AZaz09-_."
    })
    void percentEncodingVectors(String raw, String encoded) {
        assertThat(PercentEncoding.encode(raw)).isEqualTo(encoded);
    }

    @Test
    void percentEncodesNewline() {
        assertThat(PercentEncoding.encode("\n")).isEqualTo("%0A");
    }
}
