package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A profile of the aliyun CLI's {@code ~/.aliyun/config.json}: the one named by {@code ALIBABA_CLOUD_PROFILE}, else
 * the file's {@code current}.
 * <p>
 * Modes {@code AK}, {@code StsToken} and {@code EcsRamRole} are supported; the others (RamRoleArn, OIDC, …) fail with
 * a message saying so. The file is read once, on first use: the CLI rewrites it rarely and a request must not pay for
 * a file read.
 */
public final class CliProfileCredentialsProvider extends ProfileFileCredentialsProvider {

    public static final String PROFILE_ENV = "ALIBABA_CLOUD_PROFILE";
    public static final String DISABLED_ENV = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialsSources sources;

    public CliProfileCredentialsProvider() {
        this(CredentialsSources.system());
    }

    public CliProfileCredentialsProvider(CredentialsSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** {@code <home>/.aliyun/config.json}. */
    public Path configFile() {
        return sources.homeDirectory().resolve(".aliyun").resolve("config.json");
    }

    @Override
    protected AliyunCredentialsProvider load() {
        if (sources.envFlag(DISABLED_ENV)) {
            throw new CredentialsNotConfiguredException("disabled by " + DISABLED_ENV + "=true");
        }
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            throw new CredentialsNotConfiguredException(file + " does not exist (written by 'aliyun configure')");
        }
        JsonNode config = readJson(file);
        String profileName = sources.env(PROFILE_ENV);
        if (profileName == null) {
            profileName = text(config, "current");
        }
        if (profileName == null) {
            throw new AliyunCredentialsException(file + " names no current profile: set " + PROFILE_ENV);
        }
        JsonNode profile = findProfile(config, profileName, file);
        String where = "profile '" + profileName + "' of " + file;
        String mode = text(profile, "mode");
        if (mode == null) {
            mode = "AK"; // the CLI's own default when a hand-written profile omits it
        }
        switch (mode) {
            case "AK":
                return new StaticCredentialsProvider(new AliyunCredentials(
                        required(profile, "access_key_id", where), required(profile, "access_key_secret", where),
                        null, null));
            case "StsToken":
                return new StaticCredentialsProvider(new AliyunCredentials(
                        required(profile, "access_key_id", where), required(profile, "access_key_secret", where),
                        required(profile, "sts_token", where), null));
            case "EcsRamRole":
                return EcsRamRoleCredentialsProvider.fromSources(sources, text(profile, "ram_role_name"));
            default:
                throw new AliyunCredentialsException(
                        where + " has mode '" + mode + "', which this component does not support: use mode AK, StsToken "
                                                     + "or EcsRamRole, or give the credentials another way");
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending text, which may be a secret: give the position only, and no cause.
            String position = e.getLocation() == null
                    ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new AliyunCredentialsException(file + " is not valid JSON" + position);
        } catch (IOException e) {
            throw new AliyunCredentialsException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static JsonNode findProfile(JsonNode config, String profileName, Path file) {
        List<String> names = new ArrayList<>();
        JsonNode profiles = config.get("profiles");
        if (profiles != null && profiles.isArray()) {
            for (JsonNode profile : profiles) {
                String name = text(profile, "name");
                if (profileName.equals(name)) {
                    return profile;
                }
                names.add(name);
            }
        }
        throw new AliyunCredentialsException(
                file + " has no profile '" + profileName + "' (it has " + names + "); set " + PROFILE_ENV
                                             + " to one of them");
    }

    private static String required(JsonNode profile, String field, String where) {
        String value = text(profile, field);
        if (value == null) {
            throw new AliyunCredentialsException(where + " has no " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : CredentialsSources.trimToNull(value.asText());
    }

    @Override
    public String toString() {
        return "aliyun CLI profile";
    }
}
