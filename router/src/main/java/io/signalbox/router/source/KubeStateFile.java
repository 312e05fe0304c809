package io.signalbox.router.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The cluster state the router last served, kept on disk so that a restart while the API is unreachable serves it
 * instead of nothing. The file is a v1 List of the watched objects (without status and managedFields), so an
 * operator can read it with kubectl or jq, and it is read back with the manifests parser.
 */
final class KubeStateFile {
    /** The file holds a whole cluster's routes; the manifests limit of 16 MB is too small for that. */
    private static final long MAX_BYTES = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    KubeStateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** What was persisted, with the time it was written. */
    record Persisted(ManifestView view, Instant writtenAt) {
    }

    /** Replaces the file in one rename, so a crash leaves the previous state or the new one. */
    void write(Collection<? extends HasMetadata> objects) throws IOException {
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (HasMetadata object : objects) {
            ObjectNode node = serialization.convertValue(object, ObjectNode.class);
            node.remove("status");
            ((ObjectNode) node.path("metadata")).remove("managedFields");
            items.add(node);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), list);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // a full disk: the half-written file must not hold the space
            throw e;
        }
    }

    /** The persisted state; empty when there is none or it cannot be read (said why in the exception). */
    Optional<Persisted> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ParsedFile parsed = new ManifestParser(MAX_BYTES).parse(file, Files.readAllBytes(file));
        if (!parsed.problems().isEmpty() && parsed.objects().isEmpty()) {
            throw new IOException(file + " is not readable: " + parsed.problems().get(0));
        }
        return Optional.of(new Persisted(ManifestView.of(parsed.objects()),
                Files.getLastModifiedTime(file).toInstant()));
    }
}
