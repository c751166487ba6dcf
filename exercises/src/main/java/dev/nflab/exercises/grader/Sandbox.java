package dev.nflab.exercises.grader;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the learner's code runs: a JVM of its own, started by the test worker for each exercise
 * (see {@code dev.nflab.exercises.support.Learner}), which holds only the learner's classes, the
 * tiny {@code LearnerHost} that calls them (and, for implementation exercises, the model and the
 * exercise's adapter). Three levels, the best available:
 *
 * <ul>
 *   <li>{@link Mode#ROOT} (the grader runs as root, as course platforms do): fresh PID, mount and
 *       network namespaces ({@code unshare}); the learner's JVM runs as the unprivileged system
 *       user {@code nflab-learner} (created with {@code useradd --system} if missing) with no
 *       capabilities and {@code no_new_privs}, chrooted into a new root that holds only the
 *       system's {@code /usr}, {@code /bin}, {@code /lib*}, {@code /etc} and the JDK (read-only),
 *       the sandbox directory (read-only, at {@code /run/nflab}), {@code /proc} of its own PID
 *       namespace, four devices ({@code null}, {@code zero}, {@code random}, {@code urandom}) and
 *       small private tmpfs mounts ({@code /tmp} 64 MB, {@code /dev/shm} 16 MB), its only writable
 *       places: no repository, catalog, grader file, results folder, home or other checkout is
 *       even visible (a list of what to show, not of what to hide); rlimits bound
 *       its address space, processes, file size, open files and CPU time. When the sandbox ends,
 *       the kernel kills every process in its PID namespace (detached and {@code setsid} ones
 *       included), and the grader sweeps any process left with the learner's uid.</li>
 *   <li>{@link Mode#USERNS} (not root, unprivileged user namespaces allowed): the same namespaces,
 *       mounts and rlimits (but no process-count limit, which would count the grader's own user's
 *       processes), the learner's code running with no capabilities as the grader's own uid
 *       mapped to root of the namespace.</li>
 *   <li>{@link Mode#NONE} (neither): the learner's JVM runs as the grader's user, with the
 *       rlimits only; the grader kills its process tree. Files and network are not protected:
 *       the grader says so on its standard error.</li>
 * </ul>
 * {@code NFLAB_SANDBOX=root|userns|none} chooses a weaker level than the best (for tests).
 */
final class Sandbox {
    enum Mode { ROOT, USERNS, NONE }

    static final String USER = System.getenv().getOrDefault("NFLAB_LEARNER_USER", "nflab-learner");
    /** Where the sandbox directory appears inside the namespaces. */
    private static final String INSIDE = "/run/nflab";
    private static final List<String> JVM = List.of("-Xmx256m", "-Xss1m", "-XX:MaxMetaspaceSize=128m",
            "-XX:CompressedClassSpaceSize=64m", "-XX:ReservedCodeCacheSize=32m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:ActiveProcessorCount=1", "-Djava.awt.headless=true",
            "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp", "-Dfile.encoding=UTF-8");
    private static final List<String> LIMITS = List.of("--as=2000000000", "--fsize=16000000", "--nofile=256",
            "--core=0", "--cpu=300");
    private static final String NPROC = "--nproc=256";

    final Mode mode;
    final Path dir;
    private final String uid;
    private final String gid;
    private final String javaBin;
    private final String javaHome;
    private boolean libs;

    private Sandbox(Mode mode, Path dir, String uid, String gid) {
        this.mode = mode;
        this.dir = dir;
        this.uid = uid;
        this.gid = gid;
        this.javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize().toString();
        this.javaBin = Path.of(javaHome, "bin", "java").toString();
    }

    /** Prepares a sandbox directory holding LearnerHost and the script that starts it. */
    static Sandbox create() throws IOException, Grader.GraderException {
        Mode mode = detect();
        String uid = "-";
        String gid = "-";
        if (mode == Mode.ROOT) {
            String[] ids = learnerUser();
            uid = ids[0];
            gid = ids[1];
        }
        Path dir = Files.createTempDirectory("nflab-sandbox");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Sandbox s = new Sandbox(mode, dir, uid, gid);
        copyPrefixes(codeSource(dev.nflab.exercises.sandbox.LearnerHost.class), dir.resolve("host"),
                List.of("dev/nflab/exercises/sandbox/"));
        s.writeScript();
        if (mode == Mode.NONE) {
            System.err.println("nflab grade: warning: no namespaces (unshare failed, or NFLAB_SANDBOX=none): the learner's code runs as "
                    + System.getProperty("user.name") + " with rlimits only; it can read your files and reach the network."
                    + " Run the grader as root (as Gradescope does) for the full sandbox.");
        }
        return s;
    }

    private static Mode detect() {
        String forced = System.getenv("NFLAB_SANDBOX");
        boolean root = "0".equals(run(List.of("id", "-u")).strip());
        List<String> ns = List.of("unshare", "--pid", "--fork", "--kill-child", "--mount", "--net", "--mount-proc");
        Mode best;
        if (root && ok(concat(ns, List.of("true")))) {
            best = Mode.ROOT;
        } else if (ok(concat(List.of("unshare", "--user", "--map-root-user"), concat(ns.subList(1, ns.size()),
                List.of("true"))))) {
            best = Mode.USERNS;
        } else {
            best = Mode.NONE;
        }
        if (forced != null) {
            Mode f = Mode.valueOf(forced.toUpperCase(Locale.ROOT));
            if (f.ordinal() > best.ordinal()) best = f;
        }
        return best;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static boolean ok(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out : "";
        } catch (IOException | IllegalThreadStateException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The learner's uid and gid, creating the system user when it is missing (root only). */
    private static synchronized String[] learnerUser() throws Grader.GraderException {
        String uid = run(List.of("id", "-u", USER)).strip();
        if (uid.isEmpty()) {
            run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--comment", "nflab grade, runs learner code", USER));
            uid = run(List.of("id", "-u", USER)).strip();
        }
        String gid = run(List.of("id", "-g", USER)).strip();
        if (uid.isEmpty() || gid.isEmpty() || uid.equals("0")) {
            throw new Grader.GraderException("cannot create the unprivileged user " + USER + " that runs the learner's"
                    + " code (useradd --system " + USER + ")");
        }
        return new String[] {uid, gid};
    }

    /** The model, its libraries and the exercises' support classes, for implementation exercises' adapters. */
    synchronized List<Path> libraries() throws IOException {
        Path lib = dir.resolve("lib");
        if (!libs) {
            Files.createDirectories(lib);
            Path exercises = codeSource(Sandbox.class);
            copyPrefixes(exercises, lib.resolve("support"), List.of("dev/nflab/exercises/support/",
                    "dev/nflab/exercises/sandbox/", "fixtures/", "captures/"));
            int i = 0;
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (e.isBlank()) continue;
                Path p = Path.of(e).toAbsolutePath().normalize();
                String n = p.getFileName().toString();
                if (p.equals(exercises) || n.matches("(junit|opentest4j|apiguardian|picocli).*")) continue;
                if (Files.isDirectory(p)) {
                    copyTree(p, lib.resolve("dir" + i++));
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, lib.resolve(String.format("%02d-%s", i++, n)), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            libs = true;
        }
        List<Path> list = new ArrayList<>();
        try (Stream<Path> s = Files.list(lib)) {
            s.sorted().forEach(list::add);
        }
        return list;
    }

    /** The path by which the learner's JVM sees {@code p} (a path inside the sandbox directory). */
    String inside(Path p) {
        if (mode == Mode.NONE) return p.toString();
        return INSIDE + "/" + dir.relativize(p);
    }

    /** The command that starts LearnerHost for the learner's classes on {@code classPath} (sandbox paths). */
    List<String> command(List<Path> classPath, String exercisePackage) {
        List<String> cp = new ArrayList<>();
        cp.add(inside(dir.resolve("host")));
        for (Path p : classPath) cp.add(inside(p));
        String joined = String.join(":", cp);
        List<String> c = new ArrayList<>();
        if (mode == Mode.NONE) {
            c.add("prlimit");
            c.addAll(LIMITS);
            c.add("--");
            c.add(javaBin);
            c.addAll(JVM.stream().filter(a -> !a.startsWith("-Djava.io.tmpdir") && !a.startsWith("-Duser.home")).toList());
            c.addAll(List.of("-cp", joined, "dev.nflab.exercises.sandbox.LearnerHost", exercisePackage));
            return c;
        }
        c.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--", "unshare"));
        if (mode == Mode.USERNS) c.addAll(List.of("--user", "--map-root-user"));
        c.addAll(List.of("--pid", "--fork", "--kill-child", "--mount", "--net", "--mount-proc", "--", "/bin/sh",
                dir.resolve("sandbox.sh").toString(), uid, gid, joined, exercisePackage));
        return c;
    }

    private void writeScript() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("#!/bin/sh\n");
        b.append("# nflab grade's sandbox (generated; see Sandbox.java): PID 1 of fresh PID, mount and network\n");
        b.append("# namespaces; when it ends, the kernel ends every process of the namespace. The learner's JVM\n");
        b.append("# runs in a new root that holds only the system's programs and libraries (read-only), the\n");
        b.append("# sandbox directory (read-only) and small private tmpfs mounts: nothing else of the machine.\n");
        b.append("set -eu\n");
        b.append("uid=$1 gid=$2 cp=$3 pkg=$4\n");
        b.append("mount --make-rprivate /\n");
        b.append("R=/run/nflab-root\n");
        b.append("mkdir -p $R\n");
        b.append("mount -t tmpfs -o size=8m,mode=755,nosuid,nodev nflab-root $R\n");
        b.append("ro() { mkdir -p \"$R$2\"; mount --rbind \"$1\" \"$R$2\"; mount -o remount,bind,ro,nosuid,nodev \"$R$2\"; }\n");
        b.append("for d in /usr /bin /sbin /lib /lib32 /lib64 /libx32 /etc; do\n");
        b.append("  if [ -L $d ]; then cp -P $d $R$d; elif [ -d $d ]; then ro $d $d; fi\n");
        b.append("done\n");
        b.append("if [ ! -d \"$R\"").append(q(javaHome)).append(" ]; then ro ").append(q(javaHome)).append(' ')
                .append(q(javaHome)).append("; fi\n");
        b.append("ro ").append(q(dir.toString())).append(' ').append(INSIDE).append("\n");
        b.append("mkdir -p $R/dev $R/proc $R/tmp $R/dev/shm\n");
        b.append("for f in null zero random urandom; do touch $R/dev/$f; mount --bind /dev/$f $R/dev/$f; done\n");
        b.append("mount -t proc -o nosuid,nodev,noexec proc $R/proc\n");
        b.append("mount -t tmpfs -o size=64m,mode=1777,nosuid,nodev nflab-tmp $R/tmp\n");
        b.append("mount -t tmpfs -o size=16m,mode=1777,nosuid,nodev nflab-shm $R/dev/shm\n");
        b.append("if [ \"$uid\" = - ]; then\n");
        b.append("  set -- setpriv --no-new-privs --inh-caps=-all --bounding-set=-all --\n");
        b.append("else\n");
        b.append("  set -- setpriv --reuid=\"$uid\" --regid=\"$gid\" --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all --\n");
        b.append("fi\n");
        b.append("exec 3<&0\n");
        b.append("chroot $R /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 sh -c 'cd /tmp && exec \"$@\"' sh \"$@\" prlimit ")
                .append(String.join(" ", LIMITS)).append(" $( [ \"$uid\" = - ] || echo ").append(NPROC).append(" ) -- ")
                .append(q(javaBin));
        for (String a : JVM) b.append(' ').append(q(a));
        b.append(" -cp \"$cp\" dev.nflab.exercises.sandbox.LearnerHost \"$pkg\" <&3 3<&- &\n");
        b.append("exec 3<&-\n");
        b.append("wait $! && exit 0 || exit $?\n");
        Path script = dir.resolve("sandbox.sh");
        Files.writeString(script, b.toString(), StandardCharsets.UTF_8);
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Ends every process still running as the learner's user (root mode), and waits until none is
     * left: the grader writes its results only after this.
     */
    void sweep() {
        if (mode != Mode.ROOT) return;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(h -> h.info().user().map(USER::equals).orElse(false)).toList();
            if (left.isEmpty()) return;
            left.forEach(ProcessHandle::destroyForcibly);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.err.println("nflab grade: warning: processes of " + USER + " survived the sweep");
    }

    void delete() {
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the entries under {@code prefixes} of a jar or a classes directory into {@code to}. */
    static void copyPrefixes(Path from, Path to, List<String> prefixes) throws IOException {
        Files.createDirectories(to);
        if (Files.isDirectory(from)) {
            for (String prefix : prefixes) {
                Path src = from.resolve(prefix);
                if (Files.isDirectory(src)) copyTree(src, to.resolve(prefix));
            }
            return;
        }
        try (JarFile jar = new JarFile(from.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.isDirectory() || prefixes.stream().noneMatch(e.getName()::startsWith)) continue;
                Path target = to.resolve(e.getName()).normalize();
                if (!target.startsWith(to)) continue;
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
