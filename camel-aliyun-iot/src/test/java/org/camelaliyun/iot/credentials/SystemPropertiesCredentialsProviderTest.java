package org.camelaliyun.iot.credentials;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemPropertiesCredentialsProviderTest {

    private static SystemPropertiesCredentialsProvider with(Map<String, String> properties) {
        return new SystemPropertiesCredentialsProvider(CredentialsSources.of(Map.of(), properties, Path.of("/nonexistent")));
    }

    @Test
    void readsAccessKeyPair() {
        AliyunCredentials credentials = with(Map.of(
                "alibabacloud.accessKeyId", "LTAI-prop", "alibabacloud.accessKeySecret", "prop-s3cr3t"))
                .resolveCredentials();

        assertThat(credentials).isEqualTo(AliyunCredentials.of("LTAI-prop", "prop-s3cr3t"));
    }

    @Test
    void readsSessionTokenAndTheLegacySecretSpelling() {
        AliyunCredentials credentials = with(Map.of("alibabacloud.accessKeyId", "STS.prop",
                "alibabacloud.accessKeyIdSecret", "prop-s3cr3t", "alibabacloud.sessionToken", "token-s3cr3t"))
                .resolveCredentials();

        assertThat(credentials.getAccessKeySecret()).isEqualTo("prop-s3cr3t");
        assertThat(credentials.getSecurityToken()).isEqualTo("token-s3cr3t");
        assertThat(credentials.getExpiration()).isNull();
    }

    @Test
    void nothingSetIsNotConfigured() {
        assertThatThrownBy(() -> with(Map.of("alibabacloud.accessKeyId", "  ")).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessage("-Dalibabacloud.accessKeyId and -Dalibabacloud.accessKeySecret are not set");
    }

    @Test
    void halfConfiguredSaysWhatIsMissingWithoutTheSecret() {
        assertThatThrownBy(() -> with(Map.of("alibabacloud.accessKeyId", "LTAI-prop")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("LTAI-prop")
                .hasMessageContaining("-Dalibabacloud.accessKeySecret is not");
        assertThatThrownBy(() -> with(Map.of("alibabacloud.accessKeySecret", "prop-s3cr3t")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("-Dalibabacloud.accessKeyId is not")
                .hasMessageNotContaining("s3cr3t");
    }
}
