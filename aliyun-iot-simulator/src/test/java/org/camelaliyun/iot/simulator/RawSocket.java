package org.camelaliyun.iot.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Sends a request over a bare socket and returns every byte the server answered before closing. */
final class RawSocket {

    private RawSocket() {
    }

    /** A V1 POST written by hand; returns the raw reply bytes (empty if the server closed without a reply). */
    static byte[] post(AliyunIotSimulator simulator, String formBody) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", simulator.port())) {
            socket.setSoTimeout(10_000);
            byte[] body = formBody.getBytes(StandardCharsets.UTF_8);
            String head = "POST / HTTP/1.1\r\nHost: " + simulator.endpoint() + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    reply.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // a reset also means "closed"; the bytes read so far are the whole reply
            }
            return reply.toByteArray();
        }
    }

    /** The form body of a signed V1 request. */
    static String signedForm(V1Request request, AliyunIotSimulator simulator) {
        HttpRequestBody capture = new HttpRequestBody();
        request.post().build(simulator).bodyPublisher().orElseThrow().subscribe(capture);
        return capture.text();
    }

    /** Collects a BodyPublisher's bytes synchronously (ofString publishes on subscribe). */
    private static final class HttpRequestBody implements java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.nio.ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }

        @Override
        public void onError(Throwable throwable) {
            throw new IllegalStateException(throwable);
        }

        @Override
        public void onComplete() {
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
