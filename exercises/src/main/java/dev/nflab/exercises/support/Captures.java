package dev.nflab.exercises.support;

import dev.nflab.iptables.IptablesException;
import dev.nflab.snapshot.Replay;
import dev.nflab.snapshot.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Docker 20.10 snapshots on the class path under {@code captures/} (the build takes them from
 * the repository's data/real-docker-20.10/replay), opened as {@link Snapshot}s and replayed through
 * the model; and the lab's ufw recordings, named {@code BACKEND/NAME} ({@code nft/ufw-deny-published}),
 * under {@code recorded/} (from lab/recorded/{nft,legacy}/ufw-*).
 */
public final class Captures {
    public static final String S1_EXTERNAL_CLIENT = "s1-seed-external-client";
    public static final String S2_CONTAINER_TO_OUTSIDE = "s2-container-to-outside";
    public static final String S3_DOCKER_USER_ALLOWLIST = "s3-docker-user-allowlist";
    public static final String S4_EXTERNAL_CLIENT_LEGACY = "s4-seed-external-client-legacy";
    /** The lab's recordings of lab/scenarios/ufw-deny-published.scenario (`ufw deny 8080`, `-p 8080:80`). */
    public static final String UFW_DENY_PUBLISHED_NFT = "nft/ufw-deny-published";
    public static final String UFW_DENY_PUBLISHED_LEGACY = "legacy/ufw-deny-published";
    /** ... of ufw-deny-host-port.scenario (`ufw deny 9000`, a port the host itself serves). */
    public static final String UFW_DENY_HOST_PORT_NFT = "nft/ufw-deny-host-port";
    public static final String UFW_DENY_HOST_PORT_LEGACY = "legacy/ufw-deny-host-port";
    /** ... of ufw-docker-user-route.scenario (DOCKER-USER jumps to ufw-user-forward; `ufw route` rules). */
    public static final String UFW_DOCKER_USER_ROUTE_NFT = "nft/ufw-docker-user-route";
    public static final String UFW_DOCKER_USER_ROUTE_LEGACY = "legacy/ufw-docker-user-route";

    private static final List<String> FILES = List.of("before.rules", "after.rules", "ip-addr.json", "ip-route.json",
            "bridge-link.json", "trace.txt", "trace-legacy.txt", "capture.pcap", "conntrack.txt", "conntrack-before.txt",
            "scenario.txt", "meta.json");
    private static final Map<String, Path> extracted = new HashMap<>();

    private Captures() {}

    /** The snapshot's folder on disk (extracted from the class path once per JVM). */
    public static synchronized Path dir(String name) {
        Path dir = extracted.get(name);
        if (dir != null) return dir;
        try {
            dir = Files.createTempDirectory("nflab-capture-" + name.replace('/', '-'));
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                try (InputStream in = Captures.class.getResourceAsStream(resourceDir(name) + f)) {
                    if (in == null) continue;
                    Path target = dir.resolve(f);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            if (!Files.isRegularFile(dir.resolve("before.rules"))) throw new IllegalStateException("no capture " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        extracted.put(name, dir);
        return dir;
    }

    /** Where the snapshot's files are on the class path: a lab recording's name holds its back end. */
    static String resourceDir(String name) {
        return (name.startsWith("nft/") || name.startsWith("legacy/") ? "/recorded/" : "/captures/") + name + "/";
    }

    public static Snapshot open(String name) {
        try {
            return Snapshot.open(dir(name));
        } catch (IptablesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The model's replay of the snapshot's traffic (the recorded packets, in order). */
    public static Replay replay(String name) {
        try {
            return Replay.run(open(name));
        } catch (IptablesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A text file of the snapshot (trace.txt, after.rules, ...). */
    public static String text(String name, String file) {
        return Lab.resource(resourceDir(name) + file);
    }
}
