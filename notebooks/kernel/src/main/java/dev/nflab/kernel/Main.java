package dev.nflab.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar nflab-kernel.jar [--class-path LIST]... CONNECTION_FILE}, or
 * {@code java -XX:ArchiveClassesAtExit=F.jsa -jar nflab-kernel.jar [--class-path LIST]... --train}
 * to write a class-data archive that makes later starts faster (the installer does this).
 *
 * <p>LIST is a path-separator list of jars or folders; an entry's last name may be a glob
 * ({@code core/target/lib/*.jar}). {@code NFLAB_CLASSPATH} in the environment is added too.
 * The connection file (which holds the session key) is read, never logged.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        ClassPath cp = new ClassPath();
        Path connectionFile = null;
        boolean train = false;
        Path trainCells = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--class-path") || a.equals("-cp")) {
                if (i + 1 >= args.length) {
                    usage("missing value after " + a);
                }
                cp.add(args[++i]);
            } else if (a.startsWith("--class-path=")) {
                cp.add(a.substring("--class-path=".length()));
            } else if (a.equals("--train")) {
                train = true;
            } else if (a.equals("--train-cells")) {
                if (i + 1 >= args.length) {
                    usage("missing value after " + a);
                }
                train = true;
                trainCells = Paths.get(args[++i]);
            } else if (a.startsWith("-")) {
                usage("unknown option " + a);
            } else if (connectionFile == null) {
                connectionFile = Paths.get(a);
            } else {
                usage("more than one connection file");
            }
        }
        cp.add(System.getenv("NFLAB_CLASSPATH"));
        if (train) {
            new NflabKernel(cp).train(trainCells == null ? List.of() : NflabKernel.readTrainingCells(trainCells));
            System.exit(0);
        }
        if (connectionFile == null) {
            usage("missing connection file");
        }
        if (!Files.isRegularFile(connectionFile)) {
            usage("connection file not found: " + connectionFile);
        }
        String contents = Files.readString(connectionFile, StandardCharsets.UTF_8);
        KernelConnectionProperties props = KernelConnectionProperties.parse(contents);

        NflabKernel kernel = new NflabKernel(cp);
        kernel.startShellInBackground();
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("nflab-kernel: " + problem);
        System.err.println("usage: java -jar nflab-kernel.jar [--class-path LIST]... CONNECTION_FILE");
        System.exit(2);
    }

    /** Warnings only, on stderr; message contents are logged at FINER and below, never enabled here. */
    private static void quietLogging() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler h : root.getHandlers()) {
            h.setLevel(Level.WARNING);
        }
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
    }
}
