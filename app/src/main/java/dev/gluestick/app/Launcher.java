package dev.gluestick.app;

import dev.gluestick.app.cli.GluestickCommand;

/**
 * Entry point of {@code gluestick.jar}. With a command it runs the command line; with none it
 * opens the workbench window. (A JavaFX {@code Application} subclass cannot be the main class of
 * a plain class-path jar, hence this separate launcher.)
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        System.exit(GluestickCommand.run(args));
    }
}
