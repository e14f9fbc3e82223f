package org.camelaliyun.iot.simulator.amqp;

import io.vertx.core.Vertx;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonSender;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Transport;

/**
 * The life of an authenticated client connection, by Alibaba's rules: the idle timeout it asks for must be within
 * the allowed range, it gets one receiver link on {@value SubscriptionServer#ADDRESS} and no sender link, it must
 * open that link before the deadline, and on leaving it hands its unsettled messages back to its group. Runs on
 * the subscription's event loop only.
 */
final class ClientConnections {

    private static final String SENDER = "aliyun.sender";

    private final Vertx vertx;
    private final SubscriptionOptions options;
    private final Map<String, ConsumerGroup> groups;
    private final Consumer<String> refusals;
    private final Set<ProtonConnection> connections = new LinkedHashSet<>();

    ClientConnections(Vertx vertx, SubscriptionOptions options, Map<String, ConsumerGroup> groups,
            Consumer<String> refusals) {
        this.vertx = vertx;
        this.options = options;
        this.groups = groups;
        this.refusals = refusals;
    }

    /** Cuts every TCP connection without an AMQP close. */
    void dropAll() {
        List.copyOf(connections).forEach(ProtonConnection::disconnect);
    }

    void connected(ProtonConnection connection) {
        Login login = connection.attachments().get(SubscriptionServer.LOGIN, Login.class);
        connections.add(connection);
        connection.openHandler(ar -> {
            Transport transport = connection.attachments().get(SubscriptionServer.TRANSPORT, Transport.class);
            long idle = transport == null ? 0 : transport.getRemoteIdleTimeout();
            if (idle < options.minIdleTimeout.toMillis() || idle > options.maxIdleTimeout.toMillis()) {
                refuse(connection, AmqpError.INVALID_FIELD, "idle timeout must be " + options.minIdleTimeout.toSeconds()
                        + "-" + options.maxIdleTimeout.toSeconds() + " s, the client asked for " + idle + " ms");
                return;
            }
            connection.setContainer("aliyun-iot-simulator").open();
        });
        connection.sessionOpenHandler(session -> session.open());
        connection.receiverOpenHandler(receiver -> refuseLink(receiver, AmqpError.NOT_ALLOWED,
                "the subscription only pushes: a client cannot send"));
        connection.senderOpenHandler(sender -> attach(connection, login, sender));
        connection.closeHandler(ar -> {
            detach(connection);
            connection.close();
            connection.disconnect();
        });
        connection.disconnectHandler(c -> detach(c));
        vertx.setTimer(options.linkDeadline.toMillis(), id -> {
            if (connections.contains(connection) && connection.attachments().get(SENDER, ProtonSender.class) == null) {
                refuse(connection, AmqpError.RESOURCE_LIMIT_EXCEEDED,
                        "no receiver link within " + options.linkDeadline.toSeconds() + " s");
            }
        });
    }

    private void attach(ProtonConnection connection, Login login, ProtonSender sender) {
        if (connection.attachments().get(SENDER, ProtonSender.class) != null) {
            refuseLink(sender, AmqpError.RESOURCE_LIMIT_EXCEEDED, "one receiver link per connection");
            return;
        }
        Source source = (Source) sender.getRemoteSource();
        String address = source == null ? null : source.getAddress();
        if (!SubscriptionServer.ADDRESS.equals(address)) {
            refuseLink(sender, AmqpError.NOT_FOUND,
                    "the only address is '" + SubscriptionServer.ADDRESS + "', not '" + address + "'");
            return;
        }
        ConsumerGroup group = groups.get(login.consumerGroupId());
        sender.setSource(source);
        sender.setQoS(ProtonQoS.AT_LEAST_ONCE);
        sender.setAutoSettle(true);
        sender.sendQueueDrainHandler(s -> group.pump());
        sender.closeHandler(ar -> {
            group.detach(sender);
            sender.close();
        });
        sender.detachHandler(ar -> {
            group.detach(sender);
            sender.detach();
        });
        connection.attachments().set(SENDER, ProtonSender.class, sender);
        sender.open();
        group.attach(sender);
    }

    private void detach(ProtonConnection connection) {
        if (!connections.remove(connection)) {
            return;
        }
        ProtonSender sender = connection.attachments().get(SENDER, ProtonSender.class);
        Login login = connection.attachments().get(SubscriptionServer.LOGIN, Login.class);
        if (sender != null && login != null) {
            groups.get(login.consumerGroupId()).detach(sender);
        }
    }

    private void refuse(ProtonConnection connection, Symbol condition, String why) {
        refusals.accept(why);
        detach(connection);
        connection.setCondition(new ErrorCondition(condition, why));
        connection.open();
        connection.close();
        vertx.setTimer(200, id -> connection.disconnect());
    }

    private void refuseLink(ProtonLink<?> link, Symbol condition, String why) {
        refusals.accept(why);
        link.setSource(null);
        link.setCondition(new ErrorCondition(condition, why));
        link.open();
        link.close();
    }

}
