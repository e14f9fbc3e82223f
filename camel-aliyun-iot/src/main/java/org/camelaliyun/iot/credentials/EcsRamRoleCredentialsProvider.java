package org.camelaliyun.iot.credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STS credentials of the RAM role attached to an ECS instance, read from the instance metadata service.
 * <p>
 * IMDSv2 first (a session token from {@code PUT /latest/api/token}), IMDSv1 when the token call fails unless
 * {@link Builder#requireImdsV2(boolean) required}. Without a role name the attached role is discovered once.
 * <p>
 * Refresh, safe under concurrency:
 * <ul>
 * <li>fresh credentials are returned from a volatile field, with no lock;</li>
 * <li>once less than {@code max(3 min, validity / 5)} remain, one caller (tryLock) fetches new ones while the others
 * keep getting the current ones; if that fetch fails they keep being served, a warning is logged, and the next
 * attempt waits {@value #RETRY_AFTER_FAILED_REFRESH_SECONDS} s;</li>
 * <li>with no credentials or expired ones, callers queue on the lock and only the first fetches; a failure it meets
 * is handed to those that waited for it, so a dead metadata service costs one timeout, not one per thread.</li>
 * </ul>
 */
public final class EcsRamRoleCredentialsProvider implements AliyunCredentialsProvider {

    /** The role name; setting it enables this source in the default chain. */
    public static final String ECS_METADATA_ENV = "ALIBABA_CLOUD_ECS_METADATA";
    /** {@code true} switches the metadata service off for every source of the default chain. */
    public static final String ECS_METADATA_DISABLED_ENV = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
    /** {@code true} forbids the IMDSv1 fallback. */
    public static final String IMDSV1_DISABLED_ENV = "ALIBABA_CLOUD_IMDSV1_DISABLED";

    static final Duration MIN_REFRESH_MARGIN = Duration.ofMinutes(3);
    static final long RETRY_AFTER_FAILED_REFRESH_SECONDS = 10;
    /** With no valid credentials, how long a failed fetch is reported to every caller before one tries again. */
    static final long RETRY_AFTER_FAILED_FETCH_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(EcsRamRoleCredentialsProvider.class);

    private final String configuredRoleName;
    private final EcsMetadataClient client;
    private final Clock clock;
    private final ReentrantLock refreshLock = new ReentrantLock();

    private volatile Cached cached;
    private volatile String discoveredRoleName;
    // Guarded by refreshLock for writes; read without it as a hint only.
    private volatile Instant nextRefreshAttempt = Instant.MIN;
    private volatile long failedFetches;
    private volatile AliyunCredentialsException lastFailure;
    /** After a failed fetch with nothing valid to serve, callers fail fast until then. */
    private volatile Instant nextColdFetch = Instant.MIN;

    /** The given role (null to discover it) from the real metadata service, with the default timeouts. */
    public EcsRamRoleCredentialsProvider(String roleName) {
        this(builder().roleName(roleName));
    }

    private EcsRamRoleCredentialsProvider(Builder builder) {
        this.configuredRoleName = CredentialsSources.trimToNull(builder.roleName);
        this.client = new EcsMetadataClient(
                builder.metadataBaseUrl, builder.connectTimeout, builder.readTimeout, builder.requireImdsV2);
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the default chain builds one: base URL and clock from the sources, IMDSv2 strictness from the environment. */
    static EcsRamRoleCredentialsProvider fromSources(CredentialsSources sources, String roleName) {
        if (sources.envFlag(ECS_METADATA_DISABLED_ENV)) {
            throw new AliyunCredentialsException(
                    "the ECS metadata service is disabled by " + ECS_METADATA_DISABLED_ENV + "=true");
        }
        return builder().roleName(roleName).metadataBaseUrl(sources.metadataBaseUrl()).clock(sources.clock())
                .requireImdsV2(sources.envFlag(IMDSV1_DISABLED_ENV)).build();
    }

    @Override
    public AliyunCredentials resolveCredentials() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.refreshAt)) {
            return current.credentials;
        }
        if (current != null && now.isBefore(current.expiresAt)) {
            return refreshAhead(current, now);
        }
        return fetchWhileCallersWait();
    }

    /** The configured role name, else the discovered one, else null before the first fetch. */
    public String getRoleName() {
        return configuredRoleName != null ? configuredRoleName : discoveredRoleName;
    }

    private AliyunCredentials refreshAhead(Cached current, Instant now) {
        if (now.isBefore(nextRefreshAttempt) || !refreshLock.tryLock()) {
            return current.credentials; // someone else is refreshing, or the last attempt failed moments ago
        }
        try {
            Cached latest = cached;
            if (latest != current) {
                return latest.credentials; // refreshed between our read and our lock
            }
            try {
                return store(fetch(), now).credentials;
            } catch (AliyunCredentialsException e) {
                nextRefreshAttempt = now.plusSeconds(RETRY_AFTER_FAILED_REFRESH_SECONDS);
                LOG.warn("Refreshing the ECS RAM role credentials of role '{}' failed: {}. Still using AccessKeyId {}, "
                         + "valid until {}; next attempt in {} s",
                        roleForMessages(), e.getMessage(), current.credentials.getAccessKeyId(), current.expiresAt,
                        RETRY_AFTER_FAILED_REFRESH_SECONDS);
                return current.credentials;
            }
        } finally {
            refreshLock.unlock();
        }
    }

    private AliyunCredentials fetchWhileCallersWait() {
        long failuresBeforeWaiting = failedFetches;
        refreshLock.lock();
        try {
            Cached latest = cached;
            Instant now = clock.instant();
            if (latest != null && now.isBefore(latest.expiresAt)) {
                return latest.credentials; // the thread ahead of us fetched them
            }
            if (failedFetches != failuresBeforeWaiting || lastFailure != null && now.isBefore(nextColdFetch)) {
                // A fetch just failed (while we waited, or moments ago): report that instead of each caller in turn
                // paying another metadata timeout on a route thread.
                throw new AliyunCredentialsException(lastFailure.getMessage(), lastFailure);
            }
            try {
                return store(fetch(), now).credentials;
            } catch (AliyunCredentialsException e) {
                String message = latest == null
                        ? "could not get the credentials of ECS RAM role '" + roleForMessages() + "' from the metadata "
                          + "service at " + client.baseUrl() + ": " + e.getMessage()
                        : "the credentials of ECS RAM role '" + roleForMessages() + "' (AccessKeyId "
                          + latest.credentials.getAccessKeyId() + ") expired at " + latest.expiresAt
                          + " and refreshing them from " + client.baseUrl() + " failed: " + e.getMessage();
                AliyunCredentialsException failure = new AliyunCredentialsException(message, e);
                lastFailure = failure;
                nextColdFetch = now.plusSeconds(RETRY_AFTER_FAILED_FETCH_SECONDS);
                failedFetches = failedFetches + 1;
                throw failure;
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /** One round trip set: token, role (first time only, when not configured), credentials. Caller holds the lock. */
    private AliyunCredentials fetch() {
        String token = client.fetchSessionToken();
        String role = getRoleName();
        if (role == null) {
            role = client.discoverRoleName(token);
            discoveredRoleName = role;
        }
        return client.fetchCredentials(role, token);
    }

    private Cached store(AliyunCredentials credentials, Instant fetchedAt) {
        Instant expiresAt = credentials.getExpiration();
        if (!fetchedAt.isBefore(expiresAt)) {
            throw new AliyunCredentialsException(
                    "the metadata service answered credentials that expired at " + expiresAt + ", before now ("
                                                 + fetchedAt + "): is the clock of this machine wrong?");
        }
        Duration validity = Duration.between(fetchedAt, expiresAt);
        Duration margin = validity.dividedBy(5);
        if (margin.compareTo(MIN_REFRESH_MARGIN) < 0) {
            margin = MIN_REFRESH_MARGIN;
        }
        if (margin.compareTo(validity.dividedBy(2)) > 0) {
            margin = validity.dividedBy(2); // short-lived credentials: still use them for half their life
        }
        Cached fresh = new Cached(credentials, expiresAt.minus(margin), expiresAt);
        cached = fresh;
        nextRefreshAttempt = Instant.MIN;
        LOG.debug("Fetched ECS RAM role credentials of role '{}': AccessKeyId {}, valid until {}, refresh from {}",
                roleForMessages(), credentials.getAccessKeyId(), expiresAt, fresh.refreshAt);
        return fresh;
    }

    private String roleForMessages() {
        String role = getRoleName();
        return role != null ? role : "(attached role, not discovered yet)";
    }

    @Override
    public String toString() {
        return "EcsRamRoleCredentialsProvider[role=" + roleForMessages() + ", metadata=" + client.baseUrl() + "]";
    }

    private record Cached(AliyunCredentials credentials, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Cached[" + credentials + ", refreshAt=" + refreshAt + "]";
        }
    }

    /** Settings for a provider; every one has a default suited to a real ECS instance. */
    public static final class Builder {
        private String roleName;
        private URI metadataBaseUrl = CredentialsSources.DEFAULT_METADATA_BASE_URL;
        private boolean requireImdsV2;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration readTimeout = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The RAM role; null or blank discovers the attached one. */
        public Builder roleName(String roleName) {
            this.roleName = roleName;
            return this;
        }

        /** Default {@code http://100.100.100.200}; tests point it at a loopback server. */
        public Builder metadataBaseUrl(URI metadataBaseUrl) {
            this.metadataBaseUrl = Objects.requireNonNull(metadataBaseUrl, "metadataBaseUrl");
            return this;
        }

        /** When true, a failed IMDSv2 token call is an error instead of a fallback to IMDSv1. */
        public Builder requireImdsV2(boolean requireImdsV2) {
            this.requireImdsV2 = requireImdsV2;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public EcsRamRoleCredentialsProvider build() {
            return new EcsRamRoleCredentialsProvider(this);
        }
    }
}
