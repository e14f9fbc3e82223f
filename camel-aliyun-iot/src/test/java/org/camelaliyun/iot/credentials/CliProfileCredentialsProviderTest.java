package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliProfileCredentialsProviderTest {

    private static final String CONFIG = """
            {
              "current": "dev",
              "profiles": [
                {"name": "dev", "mode": "AK", "access_key_id": "LTAI-dev", "access_key_secret": "dev-s3cr3t",
                 "sts_token": "", "ram_role_name": "", "region_id": "cn-shanghai"},
                {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": "sts-s3cr3t",
                 "sts_token": "cli-token-s3cr3t"},
                {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "camel-iot-role"},
                {"name": "assume", "mode": "RamRoleArn", "access_key_id": "LTAI-x", "access_key_secret": "x-s3cr3t",
                 "ram_role_arn": "acs:ram::1:role/r"},
                {"name": "broken", "mode": "AK", "access_key_id": "LTAI-broken"}
              ]
            }
            """;

    @TempDir
    Path home;

    private Path writeConfig(String json) throws IOException {
        Path file = home.resolve(".aliyun").resolve("config.json");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    private CliProfileCredentialsProvider provider(Map<String, String> environment) {
        return new CliProfileCredentialsProvider(CredentialsSources.of(environment, Map.of(), home));
    }

    @Test
    void usesTheCurrentProfileInAkMode() throws IOException {
        writeConfig(CONFIG);

        assertThat(provider(Map.of()).resolveCredentials()).isEqualTo(AliyunCredentials.of("LTAI-dev", "dev-s3cr3t"));
    }

    @Test
    void alibabaCloudProfileSelectsAnStsTokenProfile() throws IOException {
        writeConfig(CONFIG);

        AliyunCredentials credentials = provider(Map.of("ALIBABA_CLOUD_PROFILE", "sts")).resolveCredentials();

        assertThat(credentials.getAccessKeyId()).isEqualTo("STS.cli");
        assertThat(credentials.getSecurityToken()).isEqualTo("cli-token-s3cr3t");
    }

    @Test
    void ecsRamRoleModeAsksTheMetadataService() throws Exception {
        writeConfig(CONFIG);
        try (FakeMetadataServer metadata = new FakeMetadataServer()) {
            metadata.expiration = java.time.Instant.now().plusSeconds(3600);
            CliProfileCredentialsProvider provider = new CliProfileCredentialsProvider(
                    CredentialsSources.of(Map.of("ALIBABA_CLOUD_PROFILE", "ecs"), Map.of(), home)
                            .withMetadataBaseUrl(metadata.baseUrl()));

            assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
        }
    }

    @Test
    void unsupportedModeIsAClearError() throws IOException {
        writeConfig(CONFIG);

        assertThatThrownBy(() -> provider(Map.of("ALIBABA_CLOUD_PROFILE", "assume")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("profile 'assume'")
                .hasMessageContaining("mode 'RamRoleArn', which this component does not support")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        writeConfig(CONFIG);

        assertThatThrownBy(() -> provider(Map.of("ALIBABA_CLOUD_PROFILE", "broken")).resolveCredentials())
                .hasMessageEndingWith("has no access_key_secret");
    }

    @Test
    void unknownProfileListsTheExistingOnes() throws IOException {
        writeConfig(CONFIG);

        assertThatThrownBy(() -> provider(Map.of("ALIBABA_CLOUD_PROFILE", "prod")).resolveCredentials())
                .hasMessageContaining("has no profile 'prod' (it has [dev, sts, ecs, assume, broken])")
                .hasMessageContaining("ALIBABA_CLOUD_PROFILE");
    }

    @Test
    void invalidJsonIsReportedByPositionWithoutQuotingTheFile() throws IOException {
        writeConfig("{\"current\": \"dev\", \"profiles\": [{\"access_key_secret\": dev-s3cr3t}]}");

        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("is not valid JSON (line 1, column")
                .hasMessageNotContaining("s3cr3t")
                .hasNoCause();
    }

    @Test
    void missingFileOrDisabledIsNotConfigured() throws IOException {
        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessageContaining(home.resolve(".aliyun/config.json") + " does not exist");

        writeConfig(CONFIG);
        assertThatThrownBy(() -> provider(Map.of("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessage("disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true");
    }

    @Test
    void theFileIsReadOnceButAFailedReadIsRetried() throws IOException {
        CliProfileCredentialsProvider provider = provider(Map.of());
        assertThatThrownBy(provider::resolveCredentials).isInstanceOf(CredentialsNotConfiguredException.class);

        Path file = writeConfig(CONFIG);
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-dev");

        Files.delete(file);
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-dev");
    }
}
