package io.signalbox.tests;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Manifest files written to hurt: what a broken tool, a careless copy or an attacker might drop into the folder. */
final class HostileFiles {
    private HostileFiles() {
    }

    /** A route cut off in the middle of a flow sequence. */
    static byte[] garbled() {
        return (Manifests.route("evil", "cut", "cut.example.com", "", "cut") + "---\nkind: [Route, \n  spec: {host: ")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] binaryJunk(long seed) {
        byte[] junk = new byte[32 * 1024];
        new Random(seed).nextBytes(junk);
        return junk;
    }

    /** Valid YAML comments, one byte over the limit: refused without being parsed. */
    static byte[] overLimit(int limit) {
        StringBuilder text = new StringBuilder(limit + 100);
        while (text.length() <= limit) {
            text.append("# padding padding padding padding padding padding padding padding padding padding\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** 100 000 nested flow sequences. */
    static byte[] deepNesting() {
        return ("kind: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** "Billion laughs": 9^20 strings if the aliases were expanded. */
    static byte[] aliasBomb() {
        StringBuilder text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 20; i++) {
            text.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Many routes at once, all to one service (host bulk-N.example.com), as one multi-document file. */
    static byte[] manyRoutes(String ns, String service, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> Manifests.route(ns, "bulk-" + i, "bulk-" + i + ".example.com", "", service))
                .collect(Collectors.joining("---\n")).getBytes(StandardCharsets.UTF_8);
    }
}
