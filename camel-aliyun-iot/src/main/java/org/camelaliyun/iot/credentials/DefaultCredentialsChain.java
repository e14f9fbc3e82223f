package org.camelaliyun.iot.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alibaba's default credential chain ({@code useDefaultCredentialsProvider=true}), in the order of credentials-java
 * 1.0.3: system properties, environment variables, (OIDC: not supported, reported), aliyun CLI profile, shared
 * credentials file, ECS RAM role (when {@code ALIBABA_CLOUD_ECS_METADATA} names it), (credentials URI: not supported,
 * reported).
 * <p>
 * The first source that yields credentials is kept and asked directly from then on (it refreshes itself if it has
 * to), so a request does not walk the chain again. When none does, the exception lists every place looked at and
 * what to set. A source that is configured but broken is logged as a warning and skipped, like credentials-java does.
 */
public final class DefaultCredentialsChain implements AliyunCredentialsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCredentialsChain.class);

    private final List<AliyunCredentialsProvider> sourcesInOrder;
    private volatile AliyunCredentialsProvider selected;

    /** The chain over the real process environment, system properties, home directory and metadata service. */
    public DefaultCredentialsChain() {
        this(CredentialsSources.system());
    }

    public DefaultCredentialsChain(CredentialsSources sources) {
        this.sourcesInOrder = List.of(
                new SystemPropertiesCredentialsProvider(sources),
                new EnvironmentCredentialsProvider(sources),
                new Unsupported(sources, "OIDC role",
                        "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"),
                new CliProfileCredentialsProvider(sources),
                new IniFileCredentialsProvider(sources),
                new EcsRamRoleFromEnvironment(sources),
                new Unsupported(sources, "credentials URI", "ALIBABA_CLOUD_CREDENTIALS_URI"));
    }

    @Override
    public AliyunCredentials resolveCredentials() {
        AliyunCredentialsProvider chosen = selected;
        if (chosen != null) {
            return chosen.resolveCredentials();
        }
        synchronized (this) {
            // Walked by one thread at a time: the sources read files and may call the metadata service.
            chosen = selected;
            if (chosen != null) {
                return chosen.resolveCredentials();
            }
            List<String> lookedAt = new ArrayList<>();
            for (AliyunCredentialsProvider source : sourcesInOrder) {
                try {
                    AliyunCredentials credentials = source.resolveCredentials();
                    selected = source;
                    LOG.info("Using Alibaba Cloud credentials from {} (AccessKeyId {})", source,
                            credentials.getAccessKeyId());
                    return credentials;
                } catch (CredentialsNotConfiguredException e) {
                    lookedAt.add(source + ": " + e.getMessage());
                } catch (AliyunCredentialsException e) {
                    lookedAt.add(source + ": " + e.getMessage());
                    LOG.warn("Skipping Alibaba Cloud credentials from {}: {}", source, e.getMessage());
                }
            }
            throw new AliyunCredentialsException(noCredentialsMessage(lookedAt));
        }
    }

    /** The source in use, or null before credentials were first found. */
    public AliyunCredentialsProvider getSelectedSource() {
        return selected;
    }

    private static String noCredentialsMessage(List<String> lookedAt) {
        StringBuilder message = new StringBuilder(
                "No Alibaba Cloud credentials found by the default credentials chain. Looked, in order, at:");
        for (int i = 0; i < lookedAt.size(); i++) {
            message.append("\n  ").append(i + 1).append(". ").append(lookedAt.get(i));
        }
        return message.append("\nSet accessKeyId and accessKeySecret (and securityToken for STS) on the component, or "
                              + "configure one of the sources above.")
                .toString();
    }

    @Override
    public String toString() {
        AliyunCredentialsProvider chosen = selected;
        return "DefaultCredentialsChain[" + (chosen == null ? "no source chosen yet" : "using " + chosen) + "]";
    }

    /** The ECS RAM role step of the chain: only when the environment names the role, so off ECS nobody waits. */
    private static final class EcsRamRoleFromEnvironment implements AliyunCredentialsProvider {
        private final CredentialsSources sources;
        private volatile EcsRamRoleCredentialsProvider delegate;

        EcsRamRoleFromEnvironment(CredentialsSources sources) {
            this.sources = sources;
        }

        @Override
        public AliyunCredentials resolveCredentials() {
            EcsRamRoleCredentialsProvider ecs = delegate;
            if (ecs == null) {
                if (sources.envFlag(EcsRamRoleCredentialsProvider.ECS_METADATA_DISABLED_ENV)) {
                    throw new CredentialsNotConfiguredException(
                            "disabled by " + EcsRamRoleCredentialsProvider.ECS_METADATA_DISABLED_ENV + "=true");
                }
                String roleName = sources.env(EcsRamRoleCredentialsProvider.ECS_METADATA_ENV);
                if (roleName == null) {
                    throw new CredentialsNotConfiguredException(
                            EcsRamRoleCredentialsProvider.ECS_METADATA_ENV + " is not set (on an ECS instance, set it "
                                                                + "to the name of the instance's RAM role)");
                }
                synchronized (this) {
                    if (delegate == null) {
                        delegate = EcsRamRoleCredentialsProvider.fromSources(sources, roleName);
                    }
                    ecs = delegate;
                }
            }
            return ecs.resolveCredentials();
        }

        @Override
        public String toString() {
            return "ECS RAM role";
        }
    }

    /** A credentials-java source this component does not implement: listed, and a warning when it is configured. */
    private static final class Unsupported implements AliyunCredentialsProvider {
        private final CredentialsSources sources;
        private final String name;
        private final String[] variables;

        Unsupported(CredentialsSources sources, String name, String... variables) {
            this.sources = sources;
            this.name = name;
            this.variables = variables;
        }

        @Override
        public AliyunCredentials resolveCredentials() {
            List<String> set = Stream.of(variables).filter(variable -> sources.env(variable) != null).toList();
            if (set.isEmpty()) {
                throw new CredentialsNotConfiguredException("not supported by this component (" + String.join(", ", variables)
                                                            + " not set either)");
            }
            throw new AliyunCredentialsException(
                    String.join(", ", set) + " set, but " + name + " credentials are not supported by this component: "
                                                 + "ignored");
        }

        @Override
        public String toString() {
            return Objects.requireNonNull(name);
        }
    }
}
