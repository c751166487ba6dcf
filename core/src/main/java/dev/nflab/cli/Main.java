package dev.nflab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nflab} command line: {@code ./nflab COMMAND ...}. */
@Command(name = "nflab", mixinStandardHelpOptions = true, version = "nflab 0.1",
        description = "Docker's networking made visible through a faithful model of Linux netfilter.",
        subcommands = {TourCommand.class, ReplayCommand.class, DockerRulesCommand.class, DockerHostCommand.class, IptablesCommand.class, IptablesDiffCommand.class, BenchCommand.class,
                PredictCommand.class, CompareCommand.class, LabCommand.class, WatchCommand.class, SendCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; bad input is a one-line reason and exit status 2, never a stack trace. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof dev.nflab.iptables.IptablesException ie) {
                commandLine.getErr().println("nflab: " + ie.getMessage());
                return ie.status() == 0 ? 2 : ie.status();
            }
            if (e instanceof UserError ue) {
                commandLine.getErr().println("nflab: " + ue.getMessage());
                return ue.status();
            }
            if (e instanceof java.io.IOException io) {
                commandLine.getErr().println("nflab: " + io.getMessage());
                return 2;
            }
            commandLine.getErr().println("nflab: internal error (" + e + "); please report it with the command you ran");
            return 70;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("nflab: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try `./nflab " + ex.getCommandLine().getCommandName()
                    + " --help' for more information.");
            return 2;
        });
        return cl.execute(args);
    }
}
