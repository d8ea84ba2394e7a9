package dev.gluestick.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code gluestick bench ...}: rerunnable benchmarks that print medians and ratios against a
 * reference measured in the same run (this machine class is noisy; absolute times are not
 * comparable between runs, ratios are).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print medians and ratios against a reference measured in the same run.",
        subcommands = {
            IoBenchCommand.class,
            BenchSvdCommand.class,
            PruneBenchCommand.class,
            RecoverBenchCommand.class,
            OnnxBenchCommand.class,
            WindowBenchCommand.class,
        })
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
