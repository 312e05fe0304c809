package io.signalbox.router.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.source.ObjectKey.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The bytes of one manifest file → model objects and problems. Files may hold several YAML documents, JSON values
 * and v1 Lists. Kinds the router does not read are skipped with a notice. A syntax error anywhere makes the whole
 * file garbled, since a half-written file says nothing reliable about any object in it.
 */
public final class ManifestParser {
    /** SIGNALBOX_MANIFESTS_MAX_FILE_BYTES: parsing holds a tree of several times a file's size in memory at once. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    static final String DEFAULT_NAMESPACE = "default";

    private static final Logger LOG = LoggerFactory.getLogger(ManifestParser.class);

    private final long maxBytes;
    private final ObjectMapper yaml;
    private final ObjectMapper json;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public ManifestParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public ManifestParser(long maxBytes) {
        this.maxBytes = maxBytes;
        // SnakeYAML refuses documents over 3 MB by default; the file limit is the one that should apply.
        LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes));
        // The factory builder, unlike new YAMLFactory(), reads an empty document as "" instead of null.
        // A key written twice (two "host:" lines) is almost always a mistake; refuse it rather than guess.
        this.yaml = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loaderOptions)
                        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    public long maxBytes() {
        return maxBytes;
    }

    public ParsedFile parse(Path file, byte[] content) {
        if (content.length > maxBytes) {
            return ParsedFile.garbled(new ManifestProblem(file, ManifestProblem.WHOLE_FILE,
                    "larger than the limit of " + maxBytes + " bytes, not read"));
        }
        List<JsonNode> documents;
        try {
            ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? json : yaml;
            documents = mapper.readerFor(JsonNode.class).<JsonNode>readValues(content).readAll();
        } catch (IOException | RuntimeException e) {
            return ParsedFile.garbled(new ManifestProblem(file, ManifestProblem.WHOLE_FILE,
                    "not valid YAML or JSON: " + describe(e)));
        } catch (StackOverflowError e) {
            // The parsers limit nesting themselves; this is the last line, so a hostile file never kills the watcher.
            return ParsedFile.garbled(new ManifestProblem(file, ManifestProblem.WHOLE_FILE, "nested too deeply, not read"));
        }
        FileContents contents = new FileContents(file);
        for (int i = 0; i < documents.size(); i++) {
            contents.read("document " + (i + 1), documents.get(i));
        }
        return contents.result();
    }

    /** The objects of one file as they are read, with what went wrong on the way. */
    private final class FileContents {
        private final Path file;
        private final List<ManifestObject> objects = new ArrayList<>();
        private final Map<ObjectKey, String> seenAt = new HashMap<>();
        private final Set<ObjectKey> failed = new HashSet<>();
        private final List<ManifestProblem> problems = new ArrayList<>();

        FileContents(Path file) {
            this.file = file;
        }

        ParsedFile result() {
            return new ParsedFile(objects, failed, problems, false);
        }

        void read(String where, JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return; // an empty document, as between two "---"
            }
            if (!node.isObject()) {
                problem(where, "not a mapping, so not a Kubernetes object");
                return;
            }
            String apiVersion = node.path("apiVersion").asText("");
            String kind = node.path("kind").asText("");
            if ("v1".equals(apiVersion) && "List".equals(kind)) {
                readList(where, node.path("items"));
                return;
            }
            String label = where + " (" + kind + " " + writtenName(node) + ")";
            Optional<Kind> known = Kind.of(apiVersion, kind);
            if (known.isEmpty()) {
                LOG.info("{}: {}: skipped, the router does not read apiVersion \"{}\" kind \"{}\"",
                        file, label, apiVersion, kind);
                return;
            }
            ObjectKey key;
            try {
                key = key(known.get(), node.path("metadata"));
            } catch (IllegalArgumentException e) {
                problem(label, e.getMessage());
                return;
            }
            try {
                convert(key, (ObjectNode) node).ifPresentOrElse(object -> add(label, object),
                        () -> LOG.info("{}: {}: skipped, it has no {} label", file, label,
                                EndpointSliceAggregator.SERVICE_NAME_LABEL));
            } catch (RuntimeException e) {
                problem(label, describe(e));
                failed.add(key);
            }
        }

        private void readList(String where, JsonNode items) {
            if (!items.isArray()) {
                problem(where + " (List)", "items is not a list");
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                read(where + " item " + (i + 1), items.get(i));
            }
        }

        private void add(String label, ManifestObject object) {
            String first = seenAt.putIfAbsent(object.key(), label);
            if (first != null) {
                problem(label, "defined again in the same file; the first one, " + first + ", is used");
                return;
            }
            objects.add(object);
        }

        private void problem(String object, String reason) {
            problems.add(new ManifestProblem(file, object, reason));
        }
    }

    private ObjectKey key(Kind kind, JsonNode metadata) {
        if (!kind.namespaced()) {
            return ObjectKey.namespace(ManifestNames.requireLabel("metadata.name", text(metadata, "name")));
        }
        String name = ManifestNames.requireSubdomain("metadata.name", text(metadata, "name"));
        String namespace = text(metadata, "namespace");
        namespace = ManifestNames.requireLabel("metadata.namespace", namespace == null ? DEFAULT_NAMESPACE : namespace);
        return new ObjectKey(kind, new ObjectRef(namespace, name));
    }

    private Optional<ManifestObject> convert(ObjectKey key, ObjectNode node) {
        ObjectNode tree = node.deepCopy();
        if (key.kind().namespaced()) {
            tree.withObjectProperty("metadata").put("namespace", key.ref().namespace());
        }
        if (key.kind() == ObjectKey.Kind.ROUTE && tree.path("spec").isObject() && !tree.path("spec").has("wildcardPolicy")) {
            // What the Route API's defaulting does (+kubebuilder:default=None); no API server stands in front of a folder.
            ((ObjectNode) tree.path("spec")).put("wildcardPolicy", "None");
        }
        return switch (key.kind()) {
            case ROUTE -> Optional.of(new ManifestObject.RouteObject(
                    ModelMapper.route(serialization.convertValue(tree, io.fabric8.openshift.api.model.Route.class))));
            case SERVICE -> Optional.of(new ManifestObject.ServiceObject(
                    ModelMapper.service(serialization.convertValue(tree, io.fabric8.kubernetes.api.model.Service.class))));
            case ENDPOINTS -> Optional.of(new ManifestObject.EndpointsObject(
                    ModelMapper.endpoints(serialization.convertValue(tree, Endpoints.class))));
            case NAMESPACE -> Optional.of(new ManifestObject.NamespaceObject(
                    ModelMapper.namespace(serialization.convertValue(tree, Namespace.class))));
            case ENDPOINT_SLICE -> EndpointSliceAggregator.slice(serialization.convertValue(tree, EndpointSlice.class))
                    .map(slice -> {
                        ManifestNames.requireSubdomain(
                                "metadata.labels[" + EndpointSliceAggregator.SERVICE_NAME_LABEL + "]",
                                slice.service().name());
                        return new ManifestObject.SliceObject(slice);
                    });
        };
    }

    private static String text(JsonNode metadata, String field) {
        JsonNode value = metadata.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("metadata." + field + " is not a string");
        }
        return value.asText();
    }

    /** "ns/name" as written, for naming an object in a problem even when its metadata is wrong. */
    private static String writtenName(JsonNode node) {
        JsonNode metadata = node.path("metadata");
        String name = metadata.path("name").asText("?");
        return metadata.has("namespace") ? metadata.path("namespace").asText() + "/" + name : name;
    }

    /** One line, without Jackson's source excerpts: the field path when known, then what is wrong. */
    private static String describe(Throwable e) {
        Throwable cause = e instanceof IllegalArgumentException && e.getCause() instanceof JsonMappingException
                ? e.getCause() : e;
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return fieldPath(mapping.getPath()) + ": " + oneLine(mapping.getOriginalMessage());
        }
        if (cause.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            return oneLine(yaml.getProblem()) + at(yaml.getProblemMark().getLine() + 1,
                    yaml.getProblemMark().getColumn() + 1);
        }
        if (cause instanceof JsonProcessingException processing) {
            JsonLocation location = processing.getLocation();
            return oneLine(processing.getOriginalMessage())
                    + (location == null ? "" : at(location.getLineNr(), location.getColumnNr()));
        }
        return oneLine(String.valueOf(e.getMessage()));
    }

    private static String at(int line, int column) {
        return line < 1 ? "" : " (line " + line + ", column " + column + ")";
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .substring(1);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
