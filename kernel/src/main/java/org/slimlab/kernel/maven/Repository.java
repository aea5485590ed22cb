package org.slimlab.kernel.maven;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A local repository in {@code ~/.m2/repository} layout, filled on demand from a remote one (Maven
 * Central by default). A file already present locally is used as is, so resolution works offline once
 * the artifacts are cached; a missing file is downloaded into the same layout.
 */
public final class Repository {
    /** Maven Central. */
    public static final URI CENTRAL = URI.create("https://repo1.maven.org/maven2/");

    private final Path local;
    private final URI remote;
    private HttpClient http;

    /**
     * @param local  the local repository directory
     * @param remote the remote repository's base URL, or null to stay offline
     */
    public Repository(Path local, URI remote) {
        this.local = local;
        this.remote = remote == null ? null : URI.create(remote.toString().endsWith("/") ? remote.toString() : remote + "/");
    }

    /** The user's local repository ({@code maven.repo.local} or {@code ~/.m2/repository}) backed by Central. */
    public static Repository standard() {
        String local = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return new Repository(Path.of(local), CENTRAL);
    }

    public Path local() {
        return local;
    }

    /** The local file of {@code artifact}, downloaded first when it is missing. */
    public Path fetch(Coordinates artifact) {
        Path file = local.resolve(artifact.path());
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (remote == null) {
            throw new ResolutionException(artifact.gav() + " is not in the local repository " + local + " (no " + artifact.path() + ")");
        }
        download(remote.resolve(artifact.path()), file, artifact);
        return file;
    }

    private void download(URI url, Path file, Coordinates artifact) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            try {
                HttpResponse<Path> response = client().send(
                        HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(tmp));
                if (response.statusCode() == 404) {
                    throw new ResolutionException(artifact.gav() + " is neither in the local repository " + local + " nor at " + url);
                }
                if (response.statusCode() != 200) {
                    throw new ResolutionException("cannot download " + url + ": HTTP " + response.statusCode());
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ResolutionException(artifact.gav() + " is not in the local repository " + local + " and "
                    + remote + " is unreachable (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResolutionException("download of " + url + " was interrupted", e);
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }
}
