package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IniFileCredentialsProviderTest {

    @TempDir
    Path home;

    private Path writeDefaultFile(String ini) throws IOException {
        Path file = home.resolve(".alibabacloud").resolve("credentials.ini");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, ini);
    }

    private IniFileCredentialsProvider provider(Map<String, String> environment) {
        return new IniFileCredentialsProvider(CredentialsSources.of(environment, Map.of(), home));
    }

    @Test
    void readsAnAccessKeyFromTheDefaultSectionOfTheDefaultFile() throws IOException {
        writeDefaultFile("""
                # shared by the Alibaba SDKs
                [other]
                type = access_key
                access_key_id = LTAI-other
                access_key_secret = other-s3cr3t

                [default]
                ; comments and quotes are fine
                enable = true
                type = access_key
                access_key_id = "LTAI-ini"
                access_key_secret=ini-s3cr3t
                """);

        assertThat(provider(Map.of()).resolveCredentials()).isEqualTo(AliyunCredentials.of("LTAI-ini", "ini-s3cr3t"));
    }

    @Test
    void alibabaCloudCredentialsFileOverridesThePath() throws IOException {
        Path elsewhere = Files.writeString(home.resolve("custom.ini"),
                "[default]\ntype = access_key\naccess_key_id = LTAI-custom\naccess_key_secret = custom-s3cr3t\n");

        IniFileCredentialsProvider provider = provider(Map.of("ALIBABA_CLOUD_CREDENTIALS_FILE", elsewhere.toString()));

        assertThat(provider.credentialsFile()).isEqualTo(elsewhere);
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("LTAI-custom");
    }

    @Test
    void aMissingOverrideIsAnErrorButAMissingDefaultFileIsNotConfigured() {
        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessageContaining(".alibabacloud/credentials.ini does not exist")
                .hasMessageContaining("ALIBABA_CLOUD_CREDENTIALS_FILE");

        assertThatThrownBy(() -> provider(Map.of("ALIBABA_CLOUD_CREDENTIALS_FILE", "/no/such.ini")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessage("ALIBABA_CLOUD_CREDENTIALS_FILE names /no/such.ini, which does not exist");
    }

    @Test
    void ecsRamRoleTypeUsesTheMetadataServiceAndDiscoversTheRoleWhenUnnamed() throws Exception {
        writeDefaultFile("[default]\ntype = ecs_ram_role\n");
        try (FakeMetadataServer metadata = new FakeMetadataServer()) {
            metadata.expiration = Instant.now().plusSeconds(3600);
            IniFileCredentialsProvider provider = new IniFileCredentialsProvider(
                    CredentialsSources.of(Map.of(), Map.of(), home).withMetadataBaseUrl(metadata.baseUrl()));

            assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
            assertThat(metadata.roleListRequests).hasValue(1);
        }
    }

    @Test
    void ecsRamRoleTypeRespectsTheDisableSwitch() throws IOException {
        writeDefaultFile("[default]\ntype = ecs_ram_role\nrole_name = camel-iot-role\n");

        assertThatThrownBy(() -> provider(Map.of("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")).resolveCredentials())
                .isExactlyInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true");
    }

    @Test
    void unsupportedOrMissingTypeIsAClearError() throws IOException {
        writeDefaultFile("[default]\ntype = ram_role_arn\naccess_key_id = LTAI-x\naccess_key_secret = x-s3cr3t\n");
        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .hasMessageContaining("type = ram_role_arn, which this component does not support")
                .hasMessageNotContaining("s3cr3t");

        writeDefaultFile("[default]\naccess_key_id = LTAI-x\naccess_key_secret = x-s3cr3t\n");
        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .hasMessageContaining("has no type: set type = access_key or type = ecs_ram_role");
    }

    @Test
    void missingKeyIsNamed() throws IOException {
        writeDefaultFile("[default]\ntype = access_key\naccess_key_id = LTAI-x\n");

        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .hasMessageEndingWith("has type = access_key but no access_key_secret");
    }

    @Test
    void noDefaultSectionOrDisabledSectionIsNotConfigured() throws IOException {
        writeDefaultFile("[prod]\ntype = access_key\n");
        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessageEndingWith("has no [default] section");

        writeDefaultFile("[default]\nenable = false\ntype = access_key\n");
        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .isInstanceOf(CredentialsNotConfiguredException.class)
                .hasMessageEndingWith("has enable = false");
    }

    @Test
    void aMalformedLineIsReportedByNumberOnly() throws IOException {
        writeDefaultFile("[default]\ntype = access_key\nini-s3cr3t-pasted-without-key\n");

        assertThatThrownBy(() -> provider(Map.of()).resolveCredentials())
                .hasMessageEndingWith("line 3 is neither a [section] nor key = value")
                .hasMessageNotContaining("s3cr3t");
    }
}
