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
 * @param sections each route backend's section without its server lines and comments, by backend name
 * @param servers  each route backend's servers, by backend name, then server name (in config order)
 * @param maps     each map file's entries, by file name
 * @param certList the lines of the SNI frontend's crt-list, in file order
 * @param certificates the certificate files the config names, file name → PEM
 * @param otherFiles every other file of the config folder (allowlists), by name
 */
public record RenderModel(String skeleton, Map<String, ConfigLines> sections, Map<String, Map<String, ServerSpec>> servers,
                          Map<String, Map<String, String>> maps, List<String> certList,
                          Map<String, String> certificates, Map<String, String> otherFiles) {

    public static RenderModel of(RenderedConfig rendered) {
        String config = rendered.config();
        StringBuilder skeleton = new StringBuilder();
        Map<String, ConfigLines> sectionLines = new HashMap<>();
        Map<String, Map<String, ServerSpec>> servers = new HashMap<>();
        String name = null; // the route backend being read, null outside route backends
        ConfigLines.Builder section = new ConfigLines.Builder(config);
        Map<String, ServerSpec> sectionServers = null;
        BackendLines.Cursor line = new BackendLines.Cursor(config);
        while (line.next()) {
            String[] words = line.sectionWords();
            if (words != null) {
                if (name != null) {
                    sectionLines.put(name, section.build());
                }
                boolean routeBackend = words[0].equals("backend") && words.length > 1
                        && rendered.routeBackends().contains(words[1]);
                name = routeBackend ? words[1] : null;
                sectionServers = routeBackend ? servers.computeIfAbsent(name, n -> new LinkedHashMap<>()) : null;
            }
            int text = line.start();
            while (text < line.end() && Character.isWhitespace(config.charAt(text))) {
                text++;
            }
            if (name == null) {
                skeleton.append(config, line.start(), line.end()).append('\n');
            } else if (config.startsWith("#", text)) {
                // which route a backend serves is a comment; a spare serves none
            } else if (config.startsWith("server ", text)) {
                String[] server = BackendLines.words(config.substring(text, line.end()), 4);
                sectionServers.put(server[1], new ServerSpec(server[2], server.length > 3 ? server[3] : ""));
            } else {
                section.add(line.start(), line.end());
            }
        }
        if (name != null) {
            sectionLines.put(name, section.build());
        }
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
        return new RenderModel(skeleton.toString(), sectionLines, servers, maps, certList, rendered.certificates(),
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
