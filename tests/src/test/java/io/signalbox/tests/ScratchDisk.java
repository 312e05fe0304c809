package io.signalbox.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted over a folder (the tests run as root), to make a working directory that fills up or turns
 * read-only on demand, as a real disk does. Its {@code run/} folder (sockets, pid files, HAProxy's log, which HAProxy
 * keeps open for writing and so would make a read-only remount "busy") is bind-mounted from beside it, as if it lived
 * on another file system like /run. {@link #close()} unmounts both again.
 */
final class ScratchDisk implements AutoCloseable {
    private static final int BIG_CHUNK = 256 * 1024;
    private static final int PAGE = 4096;

    private final Path dir;
    private final long sizeBytes;
    private final Path filler;
    private final Path runDir;

    ScratchDisk(Path dir, long sizeBytes) throws IOException {
        this.dir = dir;
        this.sizeBytes = sizeBytes;
        this.filler = dir.resolve("filler");
        this.runDir = dir.resolve("run");
        run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "signalbox-scratch", dir.toString());
        try {
            Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-run"));
            Files.createDirectories(runDir);
            run("mount", "--bind", outside.toString(), runDir.toString());
        } catch (IOException e) {
            run("umount", dir.toString());
            throw e;
        }
    }

    /** Writes until the disk is full to the last page, so that no new file of any size fits. */
    void fill() throws IOException {
        try (OutputStream out = Files.newOutputStream(filler)) {
            writeUntilFull(out, BIG_CHUNK);
            writeUntilFull(out, PAGE);
        }
    }

    private void writeUntilFull(OutputStream out, int chunk) {
        byte[] block = new byte[chunk];
        try {
            for (long written = 0; written <= sizeBytes; written += chunk) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // No space left on device: what we came for.
        }
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    void readOnly() throws IOException {
        run("mount", "-o", "remount,ro", dir.toString());
    }

    void writable() throws IOException {
        run("mount", "-o", "remount,rw", dir.toString());
    }

    @Override
    public void close() throws IOException {
        try {
            writable();
        } catch (IOException e) {
            // Unmounting below is what matters.
        }
        for (Path mount : List.of(runDir, dir)) {
            try {
                run("umount", mount.toString());
            } catch (IOException busy) {
                run("umount", "-l", mount.toString()); // a process that outlived its test still has a file open there
            }
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
    }
}
