package org.camelaliyun.iot.signing;

import java.util.Map;

/**
 * A signed request, ready to send as {@code POST /} with a form body.
 * <p>
 * It holds secrets only in signed form (a signature, and the STS token, which is sent as it is): never log it whole.
 *
 * @param headers  extra request headers (V3 carries its signature here)
 * @param formBody the {@code application/x-www-form-urlencoded} body, UTF-8
 */
public record SignedRequest(Map<String, String> headers, String formBody) {

    public static final String METHOD = "POST";
    public static final String PATH = "/";
    /** The body's type, sent as the {@code Content-Type} header (V3 signs it, as Alibaba's Tea SDK does). */
    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    @Override
    public String toString() {
        return "SignedRequest[" + METHOD + " " + PATH + ", " + formBody.length() + " body chars]";
    }
}
