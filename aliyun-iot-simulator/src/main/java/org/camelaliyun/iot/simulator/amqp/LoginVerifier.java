package org.camelaliyun.iot.simulator.amqp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the SASL PLAIN login of Alibaba's server-side subscription. The username is
 * {@code clientId|authMode=aksign,signMethod=hmacsha1,timestamp=<ms>,authId=<AccessKeyId>,consumerGroupId=<id>[,iotInstanceId=<id>]|}
 * (pairs in any order; {@code authMode=ststoken} adds {@code securityToken}); the password is
 * Base64(HMAC(AccessKeySecret, {@code authId=<id>[&securityToken=<token>]&timestamp=<ms>})). The timestamp's age is
 * not checked: Alibaba documents no window and its demo reuses one login for every reconnect.
 */
final class LoginVerifier {

    /** Why a login was refused; the message never contains the password or a secret. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Map<String, String> MACS = Map.of(
            "hmacmd5", "HmacMD5", "hmacsha1", "HmacSHA1", "hmacsha256", "HmacSHA256");
    private static final int MAX_CLIENT_ID = 64;

    private final Function<String, AmqpAccount> accounts;
    private final Set<String> consumerGroups;
    private final Predicate<String> instanceKnown;

    LoginVerifier(Function<String, AmqpAccount> accounts, Set<String> consumerGroups,
            Predicate<String> instanceKnown) {
        this.accounts = accounts;
        this.consumerGroups = consumerGroups;
        this.instanceKnown = instanceKnown;
    }

    Login verify(String username, String password) throws Refused {
        int first = username.indexOf('|');
        if (first <= 0 || !username.endsWith("|") || first == username.length() - 1) {
            throw new Refused("username must be clientId|key=value,...|");
        }
        String clientId = username.substring(0, first);
        if (clientId.length() > MAX_CLIENT_ID) {
            throw new Refused("clientId longer than " + MAX_CLIENT_ID + " characters");
        }
        Map<String, String> params = pairs(username.substring(first + 1, username.length() - 1));
        String authMode = params.get("authMode");
        boolean sts = "ststoken".equals(authMode);
        if (!sts && !"aksign".equals(authMode)) {
            throw new Refused("authMode must be aksign or ststoken");
        }
        String algorithm = MACS.get(String.valueOf(params.get("signMethod")));
        if (algorithm == null) {
            throw new Refused("signMethod must be hmacmd5, hmacsha1 or hmacsha256");
        }
        String timestamp = params.get("timestamp");
        if (timestamp == null || !timestamp.matches("\\d{1,19}")) {
            throw new Refused("timestamp must be epoch milliseconds");
        }
        String authId = params.get("authId");
        AmqpAccount account = authId == null ? null : accounts.apply(authId);
        if (account == null) {
            throw new Refused("unknown AccessKeyId");
        }
        String token = params.get("securityToken");
        if (sts && (token == null || account.securityToken() == null || !equal(token, account.securityToken()))) {
            throw new Refused("security token missing or not the one of this AccessKeyId");
        }
        if (!sts && account.securityToken() != null) {
            throw new Refused("an STS AccessKeyId must log in with authMode=ststoken");
        }
        String signed = "authId=" + authId + (sts ? "&securityToken=" + token : "") + "&timestamp=" + timestamp;
        if (password == null || !equal(password, sign(algorithm, account.accessKeySecret(), signed))) {
            throw new Refused("signature does not match");
        }
        String group = params.get("consumerGroupId");
        if (group == null || !consumerGroups.contains(group)) {
            throw new Refused("unknown consumer group");
        }
        String instance = params.get("iotInstanceId");
        if (instance != null && !instanceKnown.test(instance)) {
            throw new Refused("unknown iotInstanceId");
        }
        return new Login(clientId, authId, group, instance);
    }

    /** Base64 of the HMAC a client sends as its password. */
    static String sign(String algorithm, String secret, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static Map<String, String> pairs(String text) throws Refused {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Refused("username parameters must be key=value pairs");
            }
            if (out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()) != null) {
                throw new Refused("a username parameter is repeated");
            }
        }
        return out;
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
