package org.camelaliyun.iot.credentials;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcsRamRoleCredentialsProviderTest {

    private static final Instant START = Instant.parse("2026-11-26T17:00:00Z");

    private FakeMetadataServer metadata;
    private MutableClock clock;

    @BeforeEach
    void startServer() throws Exception {
        metadata = new FakeMetadataServer();
        metadata.expiration = START.plus(Duration.ofHours(1)); // refresh margin max(3 min, 12 min) = 12 min
        clock = new MutableClock(START);
    }

    @AfterEach
    void stopServer() throws Exception {
        metadata.close();
    }

    private EcsRamRoleCredentialsProvider provider(String roleName) {
        return EcsRamRoleCredentialsProvider.builder().roleName(roleName).metadataBaseUrl(metadata.baseUrl())
                .clock(clock).build();
    }

    @Test
    void getsAnImdsV2TokenAndSendsItWithTheCredentialsCall() {
        AliyunCredentials credentials = provider("camel-iot-role").resolveCredentials();

        assertThat(credentials.getAccessKeyId()).isEqualTo("STS.key-1");
        assertThat(credentials.getAccessKeySecret()).isEqualTo("ecs-s3cr3t-1");
        assertThat(credentials.getSecurityToken()).isEqualTo("sts-token-s3cr3t-1");
        assertThat(credentials.getExpiration()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(metadata.tokenRequests).hasValue(1);
        assertThat(metadata.ttlHeadersSeen).containsExactly("21600");
        assertThat(metadata.tokenHeadersSeen).containsExactly(FakeMetadataServer.IMDS_TOKEN);
        assertThat(metadata.roleListRequests).hasValue(0);
    }

    @Test
    void discoversTheAttachedRoleOnceWhenNoneIsConfigured() {
        EcsRamRoleCredentialsProvider provider = provider(null);
        assertThat(provider.getRoleName()).isNull();

        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
        assertThat(provider.getRoleName()).isEqualTo("camel-iot-role");

        clock.advance(Duration.ofMinutes(50));
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-2");
        assertThat(metadata.roleListRequests).hasValue(1);
        assertThat(metadata.tokenHeadersSeen).containsOnly(FakeMetadataServer.IMDS_TOKEN);
    }

    @Test
    void fallsBackToImdsV1WhenTheTokenCallFails() {
        metadata.tokenEndpointAvailable = false;
        metadata.requireToken = false;

        assertThat(provider("camel-iot-role").resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
        assertThat(metadata.tokenHeadersSeen).containsExactly("(none)");
    }

    @Test
    void requiredImdsV2FailsWithoutAskingForCredentials() {
        metadata.tokenEndpointAvailable = false;
        EcsRamRoleCredentialsProvider strict = EcsRamRoleCredentialsProvider.builder().roleName("camel-iot-role")
                .metadataBaseUrl(metadata.baseUrl()).clock(clock).requireImdsV2(true).build();

        assertThatThrownBy(strict::resolveCredentials)
                .isInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("IMDSv2 token")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("IMDSv1 fallback is disabled");
        assertThat(metadata.credentialRequests).hasValue(0);
    }

    @Test
    void servesCachedCredentialsUntilTheRefreshMarginThenRefreshes() {
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");

        clock.advance(Duration.ofMinutes(47)); // 13 min left: more than 1/5 of the hour
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
        assertThat(metadata.credentialRequests).hasValue(1);

        metadata.expiration = START.plus(Duration.ofHours(2));
        clock.advance(Duration.ofMinutes(2)); // 11 min left
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-2");
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-2");
        assertThat(metadata.credentialRequests).hasValue(2);
    }

    @Test
    void shortLivedCredentialsRefreshThreeMinutesBeforeExpiry() {
        metadata.expiration = START.plus(Duration.ofMinutes(10));
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        provider.resolveCredentials();

        clock.advance(Duration.ofMinutes(6));
        provider.resolveCredentials();
        assertThat(metadata.credentialRequests).hasValue(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        provider.resolveCredentials();
        assertThat(metadata.credentialRequests).hasValue(2);
    }

    @Test
    void thirtyTwoThreadsOnAColdProviderCauseExactlyOneFetch() throws Exception {
        metadata.delayMillis = 200;
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");

        List<String> keys = resolveConcurrently(provider, 32);

        assertThat(keys).hasSize(32).containsOnly("STS.key-1");
        assertThat(metadata.credentialRequests).hasValue(1);
        assertThat(metadata.tokenRequests).hasValue(1);
    }

    @Test
    void thirtyTwoThreadsRefreshingAheadCauseExactlyOneFetchAndNobodyWaits() throws Exception {
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        provider.resolveCredentials();
        clock.advance(Duration.ofMinutes(50));
        metadata.expiration = START.plus(Duration.ofHours(2));
        metadata.delayMillis = 300;

        List<String> keys = resolveConcurrently(provider, 32);

        // Those that came while the one refresh ran got the still-valid old key.
        assertThat(keys).hasSize(32).containsOnly("STS.key-1", "STS.key-2");
        assertThat(keys).contains("STS.key-2");
        assertThat(metadata.credentialRequests).hasValue(2);
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-2");
    }

    @Test
    void aFailedRefreshKeepsServingTheValidCredentialsAndWarnsWithoutSecrets() {
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        provider.resolveCredentials();
        clock.advance(Duration.ofMinutes(50));
        metadata.credentialsStatus = 500;

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
            assertThat(metadata.credentialRequests).hasValue(2);
            // Within the retry pause: no new fetch, old credentials again.
            assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-1");
            assertThat(metadata.credentialRequests).hasValue(2);

            assertThat(logs.lines).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN")
                    .contains("camel-iot-role", "HTTP 500", "STS.key-1", "next attempt in 10 s"));
            assertThat(logs.lines).noneMatch(line -> line.contains("s3cr3t"));
        }

        metadata.credentialsStatus = 200;
        metadata.expiration = START.plus(Duration.ofHours(2));
        clock.advance(Duration.ofSeconds(11));
        assertThat(provider.resolveCredentials().getAccessKeyId()).isEqualTo("STS.key-3");
    }

    @Test
    void expiredCredentialsAndAFailingRefreshThrowAClearException() {
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        provider.resolveCredentials();
        metadata.credentialsStatus = 500;
        clock.advance(Duration.ofMinutes(61));

        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("camel-iot-role")
                .hasMessageContaining("STS.key-1")
                .hasMessageContaining("expired at 2026-11-26T18:00:00Z")
                .hasMessageContaining("HTTP 500")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aColdFailureIsSharedWithTheThreadsThatWaitedForIt() throws Exception {
        metadata.credentialsStatus = 503;
        metadata.delayMillis = 300;
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");

        List<String> outcomes = resolveConcurrently(provider, 8);

        assertThat(outcomes).hasSize(8).allMatch(outcome -> outcome.contains("HTTP 503") && !outcome.contains("s3cr3t"));
        assertThat(metadata.credentialRequests).hasValue(1);
    }

    @Test
    void afterAColdFailureLaterCallersFailFastUntilTheNextAttempt() {
        metadata.credentialsStatus = 503;
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        assertThatThrownBy(provider::resolveCredentials).hasMessageContaining("HTTP 503");

        assertThatThrownBy(provider::resolveCredentials).as("within the back-off: no new fetch")
                .hasMessageContaining("HTTP 503");
        assertThat(metadata.credentialRequests).hasValue(1);

        metadata.credentialsStatus = 200;
        clock.advance(Duration.ofSeconds(EcsRamRoleCredentialsProvider.RETRY_AFTER_FAILED_FETCH_SECONDS + 1));
        assertThat(provider.resolveCredentials().getAccessKeyId()).startsWith("STS.");
        assertThat(metadata.credentialRequests).hasValue(2);
    }

    @Test
    void anInstanceWithoutRoleSaysSoWhenDiscovering() {
        metadata.attachedRole = "";

        assertThatThrownBy(() -> provider(null).resolveCredentials())
                .hasMessageContaining("no RAM role is attached to this ECS instance")
                .hasMessageContaining("answered HTTP 200 with no role");
        assertThat(metadata.credentialRequests).hasValue(0);
    }

    @Test
    void aRoleThatIsNotAttachedIsNamedInTheMessage() {
        assertThatThrownBy(() -> provider("other-role").resolveCredentials())
                .hasMessageContaining("RAM role 'other-role' is not attached");
    }

    @Test
    void aReplyWithoutCodeSuccessIsRejectedWithoutQuotingIt() {
        metadata.credentialsCode = "Failed";

        assertThatThrownBy(() -> provider("camel-iot-role").resolveCredentials())
                .hasMessageContaining("Code=Failed instead of Success")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void anUnreachableMetadataServiceFailsFast() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EcsRamRoleCredentialsProvider provider = EcsRamRoleCredentialsProvider.builder().roleName("camel-iot-role")
                .metadataBaseUrl(URI.create("http://127.0.0.1:" + closedPort)).clock(clock).build();

        long started = System.nanoTime();
        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(AliyunCredentialsException.class)
                .hasMessageContaining("could not get the credentials of ECS RAM role 'camel-iot-role'")
                .hasMessageContaining("127.0.0.1:" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void toStringShowsRoleAndUrlButNoSecret() {
        EcsRamRoleCredentialsProvider provider = provider("camel-iot-role");
        AliyunCredentials credentials = provider.resolveCredentials();

        assertThat(provider.toString()).contains("camel-iot-role", "127.0.0.1").doesNotContain("s3cr3t");
        assertThat(credentials.toString()).contains("STS.key-1").doesNotContain("s3cr3t");
    }

    /** Runs resolveCredentials on n threads released at once; each result is the AccessKeyId or the error message. */
    private static List<String> resolveConcurrently(AliyunCredentialsProvider provider, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<String> call = () -> {
                    ready.countDown();
                    go.await();
                    try {
                        return provider.resolveCredentials().getAccessKeyId();
                    } catch (AliyunCredentialsException e) {
                        return "failed: " + e.getMessage();
                    }
                };
                futures.add(pool.submit(call));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get(20, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
