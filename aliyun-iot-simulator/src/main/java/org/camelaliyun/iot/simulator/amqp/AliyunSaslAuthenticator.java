package org.camelaliyun.iot.simulator.amqp;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.sasl.ProtonSaslAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * SASL PLAIN only, checked by {@link LoginVerifier}. The verified login and the transport (whose open frame later
 * tells the client's idle timeout) are attached to the connection. A client that has not authenticated within the
 * deadline is disconnected.
 */
final class AliyunSaslAuthenticator implements ProtonSaslAuthenticator {

    static final String PLAIN = "PLAIN";

    private final Vertx vertx;
    private final LoginVerifier verifier;
    private final Duration deadline;
    private final Consumer<String> refusals;
    private Sasl sasl;
    private ProtonConnection connection;
    private volatile boolean done;
    private boolean succeeded;

    AliyunSaslAuthenticator(Vertx vertx, LoginVerifier verifier, Duration deadline, Consumer<String> refusals) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.deadline = deadline;
        this.refusals = refusals;
    }

    @Override
    public void init(NetSocket socket, ProtonConnection connection, Transport transport) {
        this.connection = connection;
        connection.attachments().set(SubscriptionServer.TRANSPORT, Transport.class, transport);
        sasl = transport.sasl();
        sasl.server();
        sasl.allowSkip(false);
        sasl.setMechanisms(PLAIN);
        vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (!done) {
                refusals.accept("no authentication within " + deadline.toSeconds() + " s");
                socket.close();
            }
        });
    }

    @Override
    public void process(Handler<Boolean> completion) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        if (mechanisms.length == 0) {
            completion.handle(false); // the client has not chosen yet
            return;
        }
        byte[] response = new byte[sasl.pending()];
        sasl.recv(response, 0, response.length);
        try {
            if (!PLAIN.equals(mechanisms[0])) {
                throw new LoginVerifier.Refused("only SASL PLAIN is offered");
            }
            // PLAIN: [authzid] NUL authcid NUL passwd
            String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
            if (parts.length != 3) {
                throw new LoginVerifier.Refused("malformed PLAIN response");
            }
            Login login = verifier.verify(parts[1], parts[2]);
            connection.attachments().set(SubscriptionServer.LOGIN, Login.class, login);
            succeeded = true;
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        } catch (LoginVerifier.Refused e) {
            refusals.accept(e.getMessage());
            sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
        }
        done = true;
        completion.handle(true);
    }

    @Override
    public boolean succeeded() {
        return succeeded;
    }
}
