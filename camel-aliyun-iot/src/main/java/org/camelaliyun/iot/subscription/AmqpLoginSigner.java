package org.camelaliyun.iot.subscription;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed login of Alibaba's server-side subscription, a pure function of its inputs. Username:
 * {@code clientId|authMode=aksign,signMethod=hmacsha256,timestamp=<ms>,authId=<AccessKeyId>[,iotInstanceId=<id>],consumerGroupId=<id>|};
 * with an STS token {@code authMode=ststoken} and {@code securityToken=<token>}. Password: Base64 of HMAC-SHA256
 * with the AccessKeySecret over {@code authId=<id>[&securityToken=<token>]&timestamp=<ms>}.
 */
public final class AmqpLoginSigner {

    /** The longest clientId the platform accepts. */
    public static final int MAX_CLIENT_ID = 64;
    static final String SIGN_METHOD = "hmacsha256";
    private static final String MAC = "HmacSHA256";

    private AmqpLoginSigner() {
    }

    /**
     * @param iotInstanceId   null for old public instances, which have none
     * @param securityToken   null for a permanent AccessKey
     * @param timestampMillis the moment of signing; every new connection signs afresh
     */
    public static AmqpLogin sign(String clientId, String accessKeyId, String accessKeySecret, String securityToken,
                                 String iotInstanceId, String consumerGroupId, long timestampMillis) {
        boolean sts = securityToken != null && !securityToken.isEmpty();
        StringBuilder username = new StringBuilder(192).append(clientId).append('|')
                .append("authMode=").append(sts ? "ststoken" : "aksign")
                .append(",signMethod=").append(SIGN_METHOD)
                .append(",timestamp=").append(timestampMillis)
                .append(",authId=").append(accessKeyId);
        if (iotInstanceId != null && !iotInstanceId.isEmpty()) {
            username.append(",iotInstanceId=").append(iotInstanceId);
        }
        username.append(",consumerGroupId=").append(consumerGroupId);
        if (sts) {
            username.append(",securityToken=").append(securityToken);
        }
        username.append('|');
        String signed = "authId=" + accessKeyId + (sts ? "&securityToken=" + securityToken : "")
                        + "&timestamp=" + timestampMillis;
        return new AmqpLogin(username.toString(), hmac(accessKeySecret, signed));
    }

    private static String hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), MAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC + " is part of every JDK", e);
        }
    }
}
