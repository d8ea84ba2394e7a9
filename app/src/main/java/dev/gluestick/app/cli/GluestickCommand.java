package dev.gluestick.app.cli;

import dev.gluestick.app.Version;
import dev.gluestick.model.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root {@code gluestick} command: subcommands, version, and one exit-code policy for all. */
@Command(
        name = "gluestick",
        mixinStandardHelpOptions = true,
        versionProvider = GluestickCommand.VersionProvider.class,
        description = {
            "GLUESTICK post-pruning recovery for Vision-Language-Action models.",
            "With no command, opens the workbench window."
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            RecoverCommand.class,
            PruneCommand.class,
            AnalyzeCommand.class,
            BenchCommand.class,
            InspectCommand.class,
            SampleCommand.class,
        })
public final class GluestickCommand implements Runnable {

    /** Exit codes shared by every command. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    @Option(names = "--open", paramLabel = "MODEL", description = "Open this checkpoint in the window (default: the bundled sample).")
    java.nio.file.Path open;

    @Option(names = "--screenshot", paramLabel = "PNG",
            description = "Open, analyze with the default pruning, set the rank, save a snapshot of the window to PNG and exit.")
    java.nio.file.Path screenshot;

    @Option(names = "--screenshot-rank", paramLabel = "R", defaultValue = "-1",
            description = "Uniform rank for --screenshot (default: a quarter of R_max).")
    int screenshotRank;

    @Option(names = "--screenshot-state", paramLabel = "STATE", defaultValue = "ANALYSED",
            description = "What --screenshot captures: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    dev.gluestick.app.ui.WindowOptions.SnapshotState screenshotState;

    /** Exit code of the window, read by run(String[]). */
    private int windowExit;

    @Override
    public void run() {
        // No subcommand: the window; blocks until it closes.
        try {
            windowExit = dev.gluestick.app.ui.WorkbenchApp.launchWindow(
                    new dev.gluestick.app.ui.WindowOptions(open, screenshot, screenshotRank, screenshotState));
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // JavaFX's way of saying there is no screen to open a window on.
            throw new InputException("cannot open the workbench window (" + e.getMessage() + "); on a machine "
                    + "without a display run it under xvfb-run, or use a command such as 'gluestick recover' (see --help)");
        }
    }

    /** Runs the command line and returns the process exit code (never calls System.exit). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = newCommandLine(out, err);
        int code = cl.execute(args);
        GluestickCommand root = cl.getCommand();
        return code == EXIT_OK && cl.getParseResult() != null && !cl.getParseResult().hasSubcommand() ? root.windowExit : code;
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        GluestickCommand root = new GluestickCommand();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean showTrace = root.debug;
            if (ex instanceof InputException) {
                commandLine.getErr().println("gluestick: " + ex.getMessage());
                if (showTrace) {
                    ex.printStackTrace(commandLine.getErr());
                }
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("gluestick: internal error: " + ex);
            if (showTrace) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(run again with --debug for the stack trace)");
            }
            return EXIT_INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gluestick: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gluestick " + Version.get()};
        }
    }
}
