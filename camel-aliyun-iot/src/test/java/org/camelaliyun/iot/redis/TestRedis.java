package org.camelaliyun.iot.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/** A real redis-server (the binary inside embedded-redis) on a free loopback port, which a test may stop and restart. */
final class TestRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    TestRedis() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        start();
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    synchronized void start() throws IOException {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
    }

    synchronized void stop() throws IOException {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
