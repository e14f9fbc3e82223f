package org.camelaliyun.iot.credentials;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the default credential chain reads from: environment variables, system properties, the home directory, the
 * ECS metadata service and the clock.
 * <p>
 * Production code uses {@link #system()}; tests hand in maps, a temp directory and a loopback URL so they never depend
 * on the real machine. Immutable; the {@code with…} methods return a copy.
 */
public final class CredentialsSources {

    /** The ECS instance metadata service, reachable only from inside an ECS instance. */
    public static final URI DEFAULT_METADATA_BASE_URL = URI.create("http://100.100.100.200");

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;
    private final Path homeDirectory;
    private final URI metadataBaseUrl;
    private final Clock clock;

    private CredentialsSources(Function<String, String> environment, Function<String, String> systemProperties,
                               Path homeDirectory, URI metadataBaseUrl, Clock clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
        this.homeDirectory = Objects.requireNonNull(homeDirectory, "homeDirectory");
        this.metadataBaseUrl = Objects.requireNonNull(metadataBaseUrl, "metadataBaseUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The real process: {@code System.getenv}, live {@code System.getProperty}, {@code user.home}, 100.100.100.200. */
    public static CredentialsSources system() {
        return new CredentialsSources(
                System::getenv, System::getProperty, Path.of(System.getProperty("user.home", ".")),
                DEFAULT_METADATA_BASE_URL, Clock.systemUTC());
    }

    /** Fixed values, for tests and embedding: nothing is read from the real process. */
    public static CredentialsSources of(Map<String, String> environment, Map<String, String> systemProperties,
                                        Path homeDirectory) {
        Map<String, String> env = Map.copyOf(environment);
        Map<String, String> props = Map.copyOf(systemProperties);
        return new CredentialsSources(env::get, props::get, homeDirectory, DEFAULT_METADATA_BASE_URL, Clock.systemUTC());
    }

    public CredentialsSources withMetadataBaseUrl(URI metadataBaseUrl) {
        return new CredentialsSources(environment, systemProperties, homeDirectory, metadataBaseUrl, clock);
    }

    public CredentialsSources withClock(Clock clock) {
        return new CredentialsSources(environment, systemProperties, homeDirectory, metadataBaseUrl, clock);
    }

    /** An environment variable, or null when it is unset or blank (a blank value configures nothing). */
    public String env(String name) {
        return trimToNull(environment.apply(name));
    }

    /** A system property, or null when it is unset or blank. */
    public String systemProperty(String name) {
        return trimToNull(systemProperties.apply(name));
    }

    /** True when the environment variable is set to {@code true} (any case). */
    public boolean envFlag(String name) {
        return "true".equalsIgnoreCase(env(name));
    }

    public Path homeDirectory() {
        return homeDirectory;
    }

    public URI metadataBaseUrl() {
        return metadataBaseUrl;
    }

    public Clock clock() {
        return clock;
    }

    static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    @Override
    public String toString() {
        return "CredentialsSources[home=" + homeDirectory + ", metadataBaseUrl=" + metadataBaseUrl + "]";
    }
}
