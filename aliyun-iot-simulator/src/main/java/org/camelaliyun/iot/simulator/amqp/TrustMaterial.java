package org.camelaliyun.iot.simulator.amqp;

import java.nio.file.Path;

/**
 * What a client needs to trust the simulator's TLS certificate: a PKCS12 trust store holding only that certificate
 * (no key), and its password. The store is the simulator's own throwaway file, so printing the password is harmless.
 */
public record TrustMaterial(Path trustStorePath, String trustStorePassword, String trustStoreType) {
}
