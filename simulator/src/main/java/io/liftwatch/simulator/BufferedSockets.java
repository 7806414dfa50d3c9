package io.liftwatch.simulator;

import io.liftwatch.common.config.MqttConfig;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Plain TCP sockets for Paho whose input is read through a buffer. Paho wraps the bare socket stream in a
 * {@code DataInputStream} and reads each packet's fixed header a byte at a time, so every packet costs at least
 * three {@code recv} calls (type, length, body); a buffer turns a burst of packets into one call. Paho resumes
 * a packet cut by a read timeout from its own state, and a timed-out fill leaves the buffer unchanged, so
 * nothing about its reading changes but the number of system calls.
 */
public final class BufferedSockets extends SocketFactory {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final BufferedSockets INSTANCE = new BufferedSockets();

    private BufferedSockets() {
    }

    /** Uses buffered sockets for a {@code tcp://} broker; TLS sockets keep Paho's own factory. */
    public static MqttConnectionOptions apply(MqttConnectionOptions options, MqttConfig mqtt) {
        if (!mqtt.tls()) {
            options.setSocketFactory(INSTANCE);
        }
        return options;
    }

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new BufferedSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
            }
            return input;
        }
    }
}
