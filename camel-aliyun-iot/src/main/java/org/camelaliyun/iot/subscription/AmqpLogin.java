package org.camelaliyun.iot.subscription;

/**
 * The SASL PLAIN login of one AMQP connection. The username carries the STS token when there is one, so neither
 * field is ever printed.
 */
public record AmqpLogin(String username, String password) {

    @Override
    public String toString() {
        return "AmqpLogin[******]";
    }
}
