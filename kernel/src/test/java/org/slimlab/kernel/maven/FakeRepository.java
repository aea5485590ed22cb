package org.slimlab.kernel.maven;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/** A remote Maven repository on disk, served over HTTP on 127.0.0.1, recording every request. */
final class FakeRepository implements AutoCloseable {
    final Path root;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    FakeRepository(Path root) {
        this.root = root;
    }

    /** Writes a pom for {@code coords} with the given inner XML (after the coordinates). */
    FakeRepository pom(String coords, String innerXml) throws IOException {
        Coordinates c = Coordinates.parse(coords).pom();
        write(c, ("<project><modelVersion>4.0.0</modelVersion><groupId>" + c.groupId() + "</groupId><artifactId>"
                + c.artifactId() + "</artifactId><version>" + c.version() + "</version>" + innerXml + "</project>").getBytes());
        return this;
    }

    /** Writes a jar for {@code coords} holding one (empty) entry, or the given jar bytes. */
    FakeRepository jar(String coords, byte[] jarBytes) throws IOException {
        write(Coordinates.parse(coords), jarBytes == null ? emptyJar() : jarBytes);
        return this;
    }

    private void write(Coordinates c, byte[] bytes) throws IOException {
        Path f = root.resolve(c.path());
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
    }

    private static byte[] emptyJar() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new ZipEntry("marker.txt"));
            jar.write('x');
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Starts serving; returns the base URL. */
    URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            requests.add(path);
            Path file = root.resolve(path).normalize();
            if (file.startsWith(root) && Files.isRegularFile(file)) {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
