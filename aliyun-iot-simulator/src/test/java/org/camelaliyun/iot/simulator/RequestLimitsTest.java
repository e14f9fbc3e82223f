package org.camelaliyun.iot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An oversized request is answered 413 at once, before its body is read, and nothing of it is kept. */
class RequestLimitsTest {

    @RegisterExtension
    static AliyunIotSimulatorExtension sim = new AliyunIotSimulatorExtension();

    @Test
    void fiftyMegabytesAnnouncedGetA413AtOnce() throws IOException {
        long start = System.nanoTime();
        String reply;
        try (Socket socket = new Socket("127.0.0.1", sim.simulator().port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + 50 * 1024 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]); // a first slice of the body; the rest is never sent
            out.flush();
            reply = readUntilClosed(socket.getInputStream());
        }
        assertThat(reply).startsWith("HTTP/1.1 413");
        assertThat(reply).contains("RequestEntityTooLarge");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(sim.simulator().rejections()).extracting(Rejection::httpStatus).containsExactly(413);
        assertThat(sim.simulator().requests()).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffToo() throws IOException {
        String reply;
        try (Socket socket = new Socket("127.0.0.1", sim.simulator().port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[256 * 1024];
            try {
                for (int i = 0; i < 8; i++) { // 2 MiB, twice the default limit
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (SocketException closedWhileSending) {
                // the server may answer and close before the client is done sending
            }
            reply = readUntilClosed(socket.getInputStream());
        }
        assertThat(reply).startsWith("HTTP/1.1 413");
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the reply still leaves the reply read so far
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
