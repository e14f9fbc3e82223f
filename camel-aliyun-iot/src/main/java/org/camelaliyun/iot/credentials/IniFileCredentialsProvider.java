package org.camelaliyun.iot.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code [default]} section of Alibaba's shared credentials file, {@code ~/.alibabacloud/credentials.ini} or the
 * file named by {@code ALIBABA_CLOUD_CREDENTIALS_FILE}.
 * <p>
 * {@code type = access_key} ({@code access_key_id}, {@code access_key_secret}) and {@code type = ecs_ram_role}
 * ({@code role_name}, optional: the attached role is discovered) are supported; other types fail with a message
 * saying so. Read once, on first use.
 */
public final class IniFileCredentialsProvider extends ProfileFileCredentialsProvider {

    public static final String CREDENTIALS_FILE_ENV = "ALIBABA_CLOUD_CREDENTIALS_FILE";
    static final String SECTION = "default";

    private final CredentialsSources sources;

    public IniFileCredentialsProvider() {
        this(CredentialsSources.system());
    }

    public IniFileCredentialsProvider(CredentialsSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** {@code ALIBABA_CLOUD_CREDENTIALS_FILE}, else {@code <home>/.alibabacloud/credentials.ini}. */
    public Path credentialsFile() {
        String override = sources.env(CREDENTIALS_FILE_ENV);
        if (override == null) {
            return sources.homeDirectory().resolve(".alibabacloud").resolve("credentials.ini");
        }
        try {
            return Path.of(override);
        } catch (InvalidPathException e) {
            throw new AliyunCredentialsException(CREDENTIALS_FILE_ENV + " is not a valid path: " + e.getReason());
        }
    }

    @Override
    protected AliyunCredentialsProvider load() {
        Path file = credentialsFile();
        if (!Files.isRegularFile(file)) {
            if (sources.env(CREDENTIALS_FILE_ENV) != null) {
                throw new AliyunCredentialsException(CREDENTIALS_FILE_ENV + " names " + file + ", which does not exist");
            }
            throw new CredentialsNotConfiguredException(
                    file + " does not exist (" + CREDENTIALS_FILE_ENV + " overrides the path)");
        }
        Map<String, String> section = parse(file).get(SECTION);
        String where = "section [" + SECTION + "] of " + file;
        if (section == null) {
            throw new CredentialsNotConfiguredException(file + " has no [" + SECTION + "] section");
        }
        if ("false".equalsIgnoreCase(section.get("enable"))) {
            throw new CredentialsNotConfiguredException(where + " has enable = false");
        }
        String type = section.get("type");
        if (type == null) {
            throw new AliyunCredentialsException(where + " has no type: set type = access_key or type = ecs_ram_role");
        }
        switch (type) {
            case "access_key":
                return new StaticCredentialsProvider(AliyunCredentials.of(
                        required(section, "access_key_id", where), required(section, "access_key_secret", where)));
            case "ecs_ram_role":
                return EcsRamRoleCredentialsProvider.fromSources(sources, section.get("role_name"));
            default:
                throw new AliyunCredentialsException(
                        where + " has type = " + type + ", which this component does not support: use access_key or "
                                                     + "ecs_ram_role, or give the credentials another way");
        }
    }

    /**
     * Sections of {@code key = value} lines; {@code #} and {@code ;} start comment lines. A line that is neither is
     * reported by number only, since it may hold a secret.
     */
    static Map<String, Map<String, String>> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new AliyunCredentialsException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
        Map<String, Map<String, String>> sections = new HashMap<>();
        Map<String, String> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), name -> new HashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new AliyunCredentialsException(
                        file + " line " + (i + 1) + " is neither a [section] nor key = value");
            }
            if (current != null) {
                String value = unquote(line.substring(equals + 1).strip());
                if (!value.isEmpty()) {
                    current.put(line.substring(0, equals).strip(), value);
                }
            }
        }
        return sections;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    private static String required(Map<String, String> section, String key, String where) {
        String value = section.get(key);
        if (value == null) {
            throw new AliyunCredentialsException(where + " has type = access_key but no " + key);
        }
        return value;
    }

    @Override
    public String toString() {
        return "credentials file";
    }
}
