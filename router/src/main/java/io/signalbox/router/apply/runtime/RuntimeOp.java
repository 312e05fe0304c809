package io.signalbox.router.apply.runtime;

import io.signalbox.router.render.RenderedConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One change to the running HAProxy, as the runtime API commands that make it (HAProxy 2.6). */
public sealed interface RuntimeOp {
    /** The commands, in order; map files are named by their path under the config folder HAProxy loaded. */
    List<String> commands(Path confDir);

    /** A server joins: added in maintenance with every option (default-server is not inherited), then enabled. */
    record AddServer(String backend, String server, ServerSpec spec) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            String id = backend + "/" + server;
            List<String> commands = new ArrayList<>();
            commands.add("add server " + id + " " + spec.address() + " " + spec.cliOptions());
            if (spec.checked()) {
                commands.add("enable health " + id);
            }
            commands.add("enable server " + id);
            // HAProxy 2.6 gives a server added at runtime no dynamic sticky cookie until the backend's cookies are
            // computed again (and refuses a 'cookie' option on 'add server'); harmless where there is no cookie.
            commands.add("enable dynamic-cookie backend " + backend);
            return commands;
        }
    }

    /** A server leaves: HAProxy deletes only a server in maintenance. */
    record DeleteServer(String backend, String server) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            String id = backend + "/" + server;
            return List.of("disable server " + id, "del server " + id);
        }
    }

    record SetWeight(String backend, String server, int weight) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of("set server " + backend + "/" + server + " weight " + weight);
        }
    }

    record SetAddress(String backend, String server, ServerSpec spec) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of("set server " + backend + "/" + server + " addr " + spec.ip() + " port " + spec.port());
        }
    }

    /** A map key that is new ({@code add map}) or changes its value ({@code set map}). */
    record PutMapEntry(String file, String key, String value, boolean existed) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of((existed ? "set map " : "add map ") + confDir.resolve(file) + " " + key + " " + value);
        }
    }

    record DeleteMapEntry(String file, String key) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of("del map " + confDir.resolve(file) + " " + key);
        }
    }

    /**
     * A certificate file HAProxy does not hold yet, loaded from its PEM: a new store, filled, then committed. Blank
     * lines are left out, because the CLI ends a payload at the first one.
     */
    record AddCertificate(String file, String pem) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            String payload = pem.lines().filter(l -> !l.isBlank()).collect(Collectors.joining("\n"));
            return List.of("new ssl cert " + file, "set ssl cert " + file + " <<\n" + payload + "\n",
                    "commit ssl cert " + file);
        }

        /** Never prints the PEM: it holds a private key. */
        @Override
        public String toString() {
            return "AddCertificate[" + file + "]";
        }
    }

    /** A line of the SNI frontend's crt-list ({@code <file> [options] <sni>}), added at the end of HAProxy's copy. */
    record AddCertListEntry(String line) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of("add ssl crt-list " + confDir.resolve(RenderedConfig.CERT_LIST) + " <<\n" + line + "\n");
        }
    }

    /** The crt-list entry of a certificate file that is in one entry only (else HAProxy wants its line number). */
    record DeleteCertListEntry(String file) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of("del ssl crt-list " + confDir.resolve(RenderedConfig.CERT_LIST) + " " + file);
        }
    }

    /** A certificate file no crt-list entry names any more. */
    record DeleteCertificate(String file) implements RuntimeOp {
        @Override
        public List<String> commands(Path confDir) {
            return List.of("del ssl cert " + file);
        }
    }
}
