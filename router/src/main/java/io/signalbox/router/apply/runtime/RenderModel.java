package io.signalbox.router.apply.runtime;

import io.signalbox.router.render.BackendLines;
import io.signalbox.router.render.RenderedConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered config read back into the parts the runtime API can change and the rest. Read from the rendered text
 * itself, so it holds for a custom TEMPLATE_FILE too, and what is sent at runtime is what is written on disk.
 *
 * @param skeleton everything outside route backends (global, defaults, frontends, fixed backends)
 * @param sections each route backend's section without its server lines, by backend name
 * @param servers  each route backend's servers, by backend name, then server name (in config order)
 * @param maps     each map file's entries, by file name
 * @param certList the lines of the SNI frontend's crt-list, in file order
 * @param certificates the certificate files the config names, file name → PEM
 * @param otherFiles every other file of the config folder (allowlists), by name
 */
public record RenderModel(String skeleton, Map<String, String> sections, Map<String, Map<String, ServerSpec>> servers,
                          Map<String, Map<String, String>> maps, List<String> certList,
                          Map<String, String> certificates, Map<String, String> otherFiles) {

    public static RenderModel of(RenderedConfig rendered) {
        StringBuilder skeleton = new StringBuilder();
        Map<String, StringBuilder> sections = new HashMap<>();
        Map<String, Map<String, ServerSpec>> servers = new HashMap<>();
        StringBuilder target = skeleton;
        Map<String, ServerSpec> targetServers = null;
        for (String line : rendered.config().split("\n", -1)) {
            if (BackendLines.startsSection(line)) {
                String[] words = BackendLines.words(line);
                String name = words.length > 1 ? words[1] : "";
                boolean routeBackend = words[0].equals("backend") && rendered.routeBackends().contains(name);
                target = routeBackend ? sections.computeIfAbsent(name, n -> new StringBuilder()) : skeleton;
                targetServers = routeBackend ? servers.computeIfAbsent(name, n -> new LinkedHashMap<>()) : null;
            }
            String stripped = line.strip();
            if (targetServers != null && stripped.startsWith("#")) {
                continue; // which route a backend serves is a comment; a spare serves none
            }
            if (targetServers != null && stripped.startsWith("server ")) {
                String[] words = BackendLines.words(stripped, 4);
                targetServers.put(words[1], new ServerSpec(words[2], words.length > 3 ? words[3] : ""));
            } else {
                target.append(line).append('\n');
            }
        }
        Map<String, String> sectionText = new HashMap<>();
        sections.forEach((name, text) -> sectionText.put(name, text.toString()));
        Map<String, Map<String, String>> maps = new HashMap<>();
        Map<String, String> otherFiles = new HashMap<>();
        rendered.files().forEach((file, text) -> {
            if (file.endsWith(".map") && !file.equals(RenderedConfig.CERT_LIST)) {
                maps.put(file, entries(text));
            } else if (!file.equals(RenderedConfig.CONFIG_FILE) && !file.equals(RenderedConfig.CERT_LIST)) {
                otherFiles.put(file, text);
            }
        });
        List<String> certList = rendered.files().getOrDefault(RenderedConfig.CERT_LIST, "").lines()
                .filter(l -> !l.isBlank()).toList();
        return new RenderModel(skeleton.toString(), sectionText, servers, maps, certList, rendered.certificates(),
                otherFiles);
    }

    /** Never prints the certificates: they hold private keys. */
    @Override
    public String toString() {
        return "RenderModel with " + sections.size() + " route backends, " + maps.size() + " maps and "
                + certificates.size() + " certificates";
    }

    private static Map<String, String> entries(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        text.lines().filter(l -> !l.isBlank()).forEach(l -> {
            int space = l.indexOf(' ');
            entries.putIfAbsent(l.substring(0, space), l.substring(space + 1));
        });
        return entries;
    }
}
