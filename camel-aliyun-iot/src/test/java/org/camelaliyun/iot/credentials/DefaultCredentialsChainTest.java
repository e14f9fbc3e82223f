package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultCredentialsChainTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "alibabacloud.accessKeyId", "LTAI-prop", "alibabacloud.accessKeySecret", "prop-s3cr3t");
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-s3cr3t");

    @TempDir
    Path home;

    private DefaultCredentialsChain chain(Map<String, String> environment, Map<String, String> properties) {
        return new DefaultCredentialsChain(CredentialsSources.of(environment, properties, home));
    }

    private Path writeCliConfig() throws IOException {
        Path file = home.resolve(".aliyun/config.json");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                {"current": "default", "profiles": [
                  {"name": "default", "mode": "AK", "access_key_id": "LTAI-cli", "access_key_secret": "cli-s3cr3t"}]}
                """);
    }

    private void writeIniFile() throws IOException {
        Path file = home.resolve(".alibabacloud/credentials.ini");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[default]\ntype = access_key\naccess_key_id = LTAI-ini\naccess_key_secret = ini-s3cr3t\n");
    }

    @Test
    void withNothingConfiguredTheMessageListsEveryPlaceInOrder() {
        DefaultCredentialsChain chain = chain(Map.of(), Map.of());

        assertThatThrownBy(chain::resolveCredentials)
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessage("No Alibaba Cloud credentials found by the default credentials chain. Looked, in order, at:\n"
                            + "  1. system properties: -Dalibabacloud.accessKeyId and -Dalibabacloud.accessKeySecret are not set\n"
                            + "  2. environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set\n"
                            + "  3. OIDC role: not supported by this component (ALIBABA_CLOUD_ROLE_ARN, "
                            + "ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE not set either)\n"
                            + "  4. aliyun CLI profile: " + home.resolve(".aliyun/config.json")
                            + " does not exist (written by 'aliyun configure')\n"
                            + "  5. credentials file: " + home.resolve(".alibabacloud/credentials.ini")
                            + " does not exist (ALIBABA_CLOUD_CREDENTIALS_FILE overrides the path)\n"
                            + "  6. ECS RAM role: ALIBABA_CLOUD_ECS_METADATA is not set (on an ECS instance, set it to the "
                            + "name of the instance's RAM role)\n"
                            + "  7. credentials URI: not supported by this component (ALIBABA_CLOUD_CREDENTIALS_URI not set either)\n"
                            + "Set accessKeyId and accessKeySecret (and securityToken for STS) on the component, or configure "
                            + "one of the sources above.");
        assertThat(chain.getSelectedSource()).isNull();
    }

    @Test
    void systemPropertiesComeBeforeEverythingElse() throws IOException {
        writeCliConfig();
        writeIniFile();

        DefaultCredentialsChain chain = chain(ENVIRONMENT, PROPERTIES);

        assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-prop");
        assertThat(chain.getSelectedSource()).isInstanceOf(SystemPropertiesCredentialsProvider.class);
    }

    @Test
    void environmentComesBeforeFiles() throws IOException {
        writeCliConfig();
        writeIniFile();

        assertThat(chain(ENVIRONMENT, Map.of()).resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-env");
    }

    @Test
    void cliProfileComesBeforeTheIniFile() throws IOException {
        writeCliConfig();
        writeIniFile();

        assertThat(chain(Map.of(), Map.of()).resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-cli");
    }

    @Test
    void iniFileIsUsedWhenNothingEarlierIsConfigured() throws IOException {
        writeIniFile();

        DefaultCredentialsChain chain = chain(Map.of(), Map.of());

        assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-ini");
        assertThat(chain.toString()).isEqualTo("DefaultCredentialsChain[using credentials file]");
    }

    @Test
    void aHalfConfiguredSourceIsSkippedWithItsReasonAndALaterOneUsed() throws IOException {
        Map<String, String> halfEnvironment = Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env");

        assertThatThrownBy(() -> chain(halfEnvironment, Map.of()).resolveCredentials())
                .hasMessageContaining("2. environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID is set (LTAI-env) but "
                                      + "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not: set both");

        writeIniFile();
        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(chain(halfEnvironment, Map.of()).resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-ini");
            assertThat(logs.lines).anyMatch(line -> line.startsWith("WARN Skipping Alibaba Cloud credentials from "
                                                                    + "environment variables"));
            assertThat(logs.lines).anyMatch(line -> line.equals(
                    "INFO Using Alibaba Cloud credentials from credentials file (AccessKeyId LTAI-ini)"));
            assertThat(logs.lines).noneMatch(line -> line.contains("s3cr3t"));
        }
    }

    @Test
    void theChosenSourceIsKeptAndAskedDirectly() throws IOException {
        Path cliConfig = writeCliConfig();
        DefaultCredentialsChain chain = chain(Map.of(), Map.of());
        assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-cli");

        // Even with the file gone and an INI file appearing, the chain keeps what it chose.
        Files.delete(cliConfig);
        writeIniFile();
        assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-cli");
        assertThat(chain.getSelectedSource()).isInstanceOf(CliProfileCredentialsProvider.class);
    }

    @Test
    void configuredOidcIsReportedAsUnsupported() {
        assertThatThrownBy(() -> chain(Map.of("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r",
                "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/token"), Map.of()).resolveCredentials())
                .hasMessageContaining("3. OIDC role: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE set, but OIDC "
                                      + "role credentials are not supported by this component: ignored");
    }

    @Test
    void ecsRamRoleNamedInTheEnvironmentIsFetchedAndRefreshedThroughTheChain() throws Exception {
        try (FakeMetadataServer metadata = new FakeMetadataServer()) {
            Instant start = Instant.parse("2026-11-26T17:00:00Z");
            metadata.expiration = start.plus(Duration.ofHours(6));
            MutableClock clock = new MutableClock(start);
            DefaultCredentialsChain chain = new DefaultCredentialsChain(
                    CredentialsSources.of(Map.of("ALIBABA_CLOUD_ECS_METADATA", "camel-iot-role"), Map.of(), home)
                            .withMetadataBaseUrl(metadata.baseUrl()).withClock(clock));

            assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
            assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
            assertThat(metadata.credentialRequests).hasValue(1);

            metadata.expiration = start.plus(Duration.ofHours(12));
            clock.advance(Duration.ofHours(5));
            assertThat(chain.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-2");
            assertThat(chain.toString()).isEqualTo("DefaultCredentialsChain[using ECS RAM role]");
        }
    }

    @Test
    void ecsMetadataDisabledWinsOverTheRoleName() {
        Map<String, String> environment = new HashMap<>();
        environment.put("ALIBABA_CLOUD_ECS_METADATA", "camel-iot-role");
        environment.put("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "TRUE");

        assertThatThrownBy(() -> chain(environment, Map.of()).resolveCredentials())
                .hasMessageContaining("6. ECS RAM role: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true");
    }

    @Test
    void anUnreachableEcsRoleIsExplainedInTheList() throws Exception {
        FakeMetadataServer stopped = new FakeMetadataServer();
        URI stoppedUrl = stopped.baseUrl();
        stopped.close();
        DefaultCredentialsChain chain = new DefaultCredentialsChain(
                CredentialsSources.of(Map.of("ALIBABA_CLOUD_ECS_METADATA", "camel-iot-role"), Map.of(), home)
                        .withMetadataBaseUrl(stoppedUrl));

        assertThatThrownBy(chain::resolveCredentials)
                .hasMessageContaining("6. ECS RAM role: could not get the credentials of ECS RAM role 'camel-iot-role' "
                                      + "from the metadata service at " + stoppedUrl);
    }
}
