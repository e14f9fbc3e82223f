package org.camelaliyun.iot.credentials;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentCredentialsProviderTest {

    private static EnvironmentCredentialsProvider with(Map<String, String> environment) {
        return new EnvironmentCredentialsProvider(CredentialsSources.of(environment, Map.of(), Path.of("/nonexistent")));
    }

    @Test
    void readsAccessKeyPairAndOptionalSecurityToken() {
        assertThat(with(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-s3cr3t"))
                .resolveCredentials())
                .isEqualTo(AliyunCredentials.of("LTAI-env", "env-s3cr3t"));

        AliyunCredentials sts = with(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.env",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-s3cr3t", "ALIBABA_CLOUD_SECURITY_TOKEN", "token-s3cr3t"))
                .resolveCredentials();
        assertThat(sts.getSecurityToken()).isEqualTo("token-s3cr3t");
        assertThat(sts.toString()).contains("STS.env").doesNotContain("s3cr3t");
    }

    @Test
    void nothingSetIsNotConfigured() {
        assertThatThrownBy(() -> with(Map.of()).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessage("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set");
    }

    @Test
    void halfConfiguredSaysWhatIsMissingWithoutTheSecret() {
        assertThatThrownBy(() -> with(Map.of("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-s3cr3t")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessage("ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not: set both");
        assertThatThrownBy(() -> with(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not");
    }
}
