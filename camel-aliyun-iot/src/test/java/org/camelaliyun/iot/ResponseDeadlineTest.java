package org.camelaliyun.iot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelaliyun.iot.openapi.ErrorCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code responseTimeout} bounds the whole reply, not each read: hostile loopback servers that read the request and
 * then trickle the reply, stream a body without end, or say nothing must each see the call end at the deadline, as a
 * response timeout whose outcome is unknown (the request was sent).
 */
class ResponseDeadlineTest {

    static final long TIMEOUT_MILLIS = 1500;
    /** Scheduling slack on a loaded machine; a per-read timeout would keep these calls open for ever. */
    static final long MARGIN_MILLIS = 1000;

    CamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    /** What a hostile server does once it has read the request. */
    interface Misbehaviour {
        void reply(OutputStream out) throws IOException, InterruptedException;
    }

    @Test
    void aReplyTrickledOneByteAtATimeEndsAtTheDeadline() throws Exception {
        byte[] reply = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
                        + "{\"RequestId\":\"trickled\",\"Success\":true}").getBytes(StandardCharsets.US_ASCII);
        assertEndsAtTheDeadline(out -> {
            // each byte comes well within the per-read socket timeout, so only a whole-reply deadline can end this
            for (byte b : reply) {
                out.write(b);
                out.flush();
                Thread.sleep(300);
            }
        });
    }

    @Test
    void anEndlessChunkedBodyEndsAtTheDeadline() throws Exception {
        assertEndsAtTheDeadline(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "400\r\n".concat(" ".repeat(1024)).concat("\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
                out.flush();
                Thread.sleep(20);
            }
        });
    }

    @Test
    void aSilentServerEndsAtTheDeadline() throws Exception {
        assertEndsAtTheDeadline(out -> Thread.sleep(60_000));
    }

    private void assertEndsAtTheDeadline(Misbehaviour misbehaviour) throws Exception {
        try (HostileServer server = new HostileServer(misbehaviour)) {
            String uri = "aliyun-iot:invokeThingsService?productKey=pk1&identifier=TimeReset&accessKeyId=deadline-key"
                         + "&accessKeySecret=RAW(deadline-secret)&endpoint=http://127.0.0.1:" + server.port()
                         + "&rateLimitPerSecond=0&maxRetries=3&responseTimeout=" + TIMEOUT_MILLIS;
            Exchange out = template.request(uri, e -> e.getMessage().setBody(List.of("dev1")));
            long end = System.nanoTime();

            assertThat(out.getException()).isInstanceOf(AliyunIotException.class);
            AliyunIotException e = (AliyunIotException) out.getException();
            assertThat(e.getCode()).isEqualTo(ErrorCodes.RESPONSE_TIMEOUT);
            assertThat(e.isOutcomeUnknown()).as("the request was sent").isTrue();
            assertThat(e.getAttempts()).as("an unknown outcome is not retried by default").isEqualTo(1);
            assertThat(server.requests()).as("the request reached the server").isEqualTo(1);
            // timed from the server's receipt of the request: endpoint creation and class loading are not the reply's
            long elapsedMillis = (end - server.firstRequestReadAt()) / 1_000_000;
            // the lower bound only shows the call did not end for another reason: the client's clock starts a little
            // before the server has read the request, so it is loose
            assertThat(elapsedMillis).as("time from the request's arrival to the call's end, ms")
                    .isBetween(TIMEOUT_MILLIS / 2, TIMEOUT_MILLIS + MARGIN_MILLIS);
        }
    }

    /** A raw-socket server that reads each request's head and body, then misbehaves until closed. */
    static final class HostileServer implements AutoCloseable {

        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        /** When each request was read whole, in System.nanoTime(). */
        private final List<Long> requests = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HostileServer(Misbehaviour misbehaviour) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        accepted.add(client);
                        Thread handler = new Thread(() -> serve(client, misbehaviour), "hostile-server-connection");
                        handler.setDaemon(true);
                        handler.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hostile-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket client, Misbehaviour misbehaviour) {
            try (client) {
                readRequest(client.getInputStream());
                requests.add(System.nanoTime());
                misbehaviour.reply(client.getOutputStream());
            } catch (IOException | InterruptedException ended) {
                // the client gave up (what the test expects), or the test closed the server
            }
        }

        /** Reads the head up to the blank line, then Content-Length bytes of body. */
        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("request ended early");
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return head.toString();
        }

        int port() {
            return socket.getLocalPort();
        }

        long firstRequestReadAt() {
            return requests.get(0);
        }

        int requests() {
            return requests.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : accepted) {
                client.close();
            }
        }
    }
}
