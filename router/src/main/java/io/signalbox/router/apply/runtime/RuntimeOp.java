package io.signalbox.router.apply.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
            commands.add("add server " + id + " " + spec.address() + " " + spec.options());
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
}
