package io.signalbox.router.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.router.model.ObjectRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route status in manifests mode: one JSON file per route at {@code <dir>/<namespace>/<name>.json}, shaped like the
 * Route's own status so {@code jq .status.ingress} reads as it would from the API. Only this router's ingress entry
 * is touched; entries of other router names in the same file are kept. A write the disk refuses (full, read-only)
 * is kept and tried again with the next write or {@link #retryUnwritten()}, and logged once per episode, not once
 * per route. Blocking: call off the event loop; one thread at a time.
 */
public final class StatusFiles implements StatusSink {
    private static final Logger LOG = LoggerFactory.getLogger(StatusFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final String routerName;
    /** Writes (a status) and deletes (empty) the disk refused, oldest first. */
    private final Map<ObjectRef, Optional<IngressStatus>> unwritten = new LinkedHashMap<>();

    public StatusFiles(Path dir, String routerName) {
        this.dir = dir;
        this.routerName = routerName;
    }

    @Override
    public synchronized void write(ObjectRef ref, IngressStatus status) {
        attempt(ref, Optional.of(status));
    }

    @Override
    public synchronized void delete(ObjectRef ref) {
        attempt(ref, Optional.empty());
    }

    @Override
    public synchronized void retryUnwritten() {
        for (Map.Entry<ObjectRef, Optional<IngressStatus>> pending : List.copyOf(unwritten.entrySet())) {
            if (!store(pending.getKey(), pending.getValue())) {
                return;
            }
        }
    }

    private void attempt(ObjectRef ref, Optional<IngressStatus> status) {
        if (store(ref, status)) {
            retryUnwritten();
        }
    }

    /** One write or delete; false (and kept for later) when the disk refused it. */
    private boolean store(ObjectRef ref, Optional<IngressStatus> status) {
        try {
            if (status.isPresent()) {
                writeFile(ref, status.get());
            } else {
                Files.deleteIfExists(fileOf(ref));
            }
        } catch (IOException | RuntimeException e) {
            if (unwritten.isEmpty()) {
                LOG.warn("cannot write route status to {}, keeping it to write once the disk takes writes: {}",
                        dir, e.toString());
            }
            unwritten.put(ref, status);
            return false;
        }
        if (unwritten.remove(ref) != null && unwritten.isEmpty()) {
            LOG.info("route status files in {} are up to date again", dir);
        }
        return true;
    }

    public Path fileOf(ObjectRef ref) {
        return dir.resolve(ref.namespace()).resolve(ref.name() + ".json");
    }

    private void writeFile(ObjectRef ref, IngressStatus status) throws IOException {
        Path file = fileOf(ref);
        Files.createDirectories(file.getParent());
        ObjectNode root = readOrNew(file, ref);
        ArrayNode ingress = ((ObjectNode) root.path("status")).withArray("ingress");
        for (int i = ingress.size() - 1; i >= 0; i--) {
            if (routerName.equals(ingress.get(i).path("routerName").asText())) {
                ingress.remove(i);
            }
        }
        ingress.add(toJson(status));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // a half-written file on a full disk
            throw e;
        }
    }

    @Override
    public Map<ObjectRef, IngressStatus> loadAll() {
        Map<ObjectRef, IngressStatus> result = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .forEach(f -> load(f, result));
        } catch (IOException e) {
            LOG.warn("cannot read previous route status from {}: {}", dir, e.toString());
        }
        return result;
    }

    private void load(Path file, Map<ObjectRef, IngressStatus> into) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            ObjectRef ref = new ObjectRef(root.path("metadata").path("namespace").asText(),
                    root.path("metadata").path("name").asText());
            for (JsonNode entry : root.path("status").path("ingress")) {
                if (routerName.equals(entry.path("routerName").asText())) {
                    JsonNode condition = entry.path("conditions").path(0);
                    into.put(ref, new IngressStatus(entry.path("host").asText(), routerName,
                            entry.path("wildcardPolicy").asText(), entry.path("routerCanonicalHostname").asText(),
                            "True".equals(condition.path("status").asText()), condition.path("reason").asText(),
                            condition.path("message").asText(),
                            Instant.parse(condition.path("lastTransitionTime").asText(Instant.EPOCH.toString()))));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable status file {}: {}", file, e.toString());
        }
    }

    private static ObjectNode readOrNew(Path file, ObjectRef ref) throws IOException {
        if (Files.exists(file)) {
            JsonNode existing = JSON.readTree(file.toFile());
            if (existing instanceof ObjectNode node && node.path("status") instanceof ObjectNode) {
                return node;
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", "route.openshift.io/v1");
        root.put("kind", "Route");
        root.putObject("metadata").put("namespace", ref.namespace()).put("name", ref.name());
        root.putObject("status");
        return root;
    }

    private static ObjectNode toJson(IngressStatus status) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("host", status.host());
        entry.put("routerName", status.routerName());
        entry.put("wildcardPolicy", status.wildcardPolicy());
        if (!status.routerCanonicalHostname().isEmpty()) {
            entry.put("routerCanonicalHostname", status.routerCanonicalHostname());
        }
        ObjectNode condition = entry.putArray("conditions").addObject();
        condition.put("type", "Admitted");
        condition.put("status", status.admitted() ? "True" : "False");
        if (!status.admitted()) {
            condition.put("reason", status.reason());
            condition.put("message", status.message());
        }
        condition.put("lastTransitionTime", status.lastTransitionTime().toString());
        return entry;
    }
}
