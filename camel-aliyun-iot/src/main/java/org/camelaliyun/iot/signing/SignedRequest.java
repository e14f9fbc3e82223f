package org.camelaliyun.iot.signing;

import java.util.Map;

/**
 * A signed request, ready to send as {@code POST /?<query>} with an empty body: how both official SDKs send RPC
 * actions such as InvokeThingsService (the classic SDK with V1, the Tea SDK with V3). One exception: a V1 STS token
 * travels in the form body, which the gateway reads as well, because HttpClient logs the request line at DEBUG.
 * <p>
 * It holds secrets only in signed form (a signature, and the STS token, which is sent as it is): never log it whole.
 *
 * @param headers extra request headers (V3 carries its signature here; V1 the classic SDK's form content type)
 * @param query    the percent-encoded query string, without {@code ?}: every parameter for V1 (but the STS token),
 *                 the API parameters for V3
 * @param formBody the {@code application/x-www-form-urlencoded} body: empty, but for V1's {@code SecurityToken}
 */
public record SignedRequest(Map<String, String> headers, String query, String formBody) {

    public static final String METHOD = "POST";
    public static final String PATH = "/";
    /** The {@code Content-Type} the classic SDK sends with V1, even with an empty body. */
    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    @Override
    public String toString() {
        return "SignedRequest[" + METHOD + " " + PATH + ", " + query.length() + " query chars]";
    }
}
