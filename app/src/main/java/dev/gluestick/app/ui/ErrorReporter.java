package dev.gluestick.app.ui;

import dev.gluestick.views.jobs.ErrorMessages;
import java.io.PrintStream;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * The one place failures end: a failed background job (the executor's handler) and any uncaught
 * exception (the default handler) both become one dialog with a plain-words message. In a
 * headless snapshot run there is nobody to click OK, so the message goes to stderr instead.
 */
public final class ErrorReporter implements Consumer<String> {

    private final Window owner;
    private final boolean dialogs;
    private final PrintStream err;
    private volatile String last;

    public ErrorReporter(Window owner, boolean dialogs, PrintStream err) {
        this.owner = owner;
        this.dialogs = dialogs;
        this.err = err;
    }

    /** Routes every uncaught exception, on any thread, into {@link #accept}. */
    public void installAsDefaultHandler() {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> report(e));
        Platform.runLater(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> report(e)));
    }

    private void report(Throwable e) {
        String message = ErrorMessages.describe(e);
        if (Platform.isFxApplicationThread()) {
            accept(message);
        } else {
            Platform.runLater(() -> accept(message));
        }
    }

    /** Shows the message; call on the FX thread. */
    @Override
    public void accept(String message) {
        last = message;
        err.println("gluestick: " + message);
        if (!dialogs) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("Gluestick");
        alert.setHeaderText("That did not work");
        Label text = new Label(message);
        text.setWrapText(true);
        text.setMaxWidth(560);
        text.setId("error-message");
        alert.getDialogPane().setContent(text);
        alert.show();
    }

    /** The last message reported, or null. */
    public String lastMessage() {
        return last;
    }

    /**
     * Shows non-fatal findings after a job (a dialog that does not block; also on stderr). Nothing
     * failed, but a user who did not read them could ship a wrong model.
     */
    public void warn(String header, java.util.List<String> messages) {
        if (messages.isEmpty()) {
            return;
        }
        for (String m : messages) {
            err.println("gluestick: warning: " + m);
        }
        if (!dialogs) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.WARNING);
        alert.initOwner(owner);
        alert.setTitle("Gluestick");
        alert.setHeaderText(header);
        int shown = Math.min(messages.size(), 12);
        String body = String.join("\n", messages.subList(0, shown))
                + (messages.size() > shown ? "\n... and " + (messages.size() - shown) + " more (see report.json after export)" : "");
        Label text = new Label(body);
        text.setWrapText(true);
        text.setMaxWidth(640);
        text.setId("warning-message");
        alert.getDialogPane().setContent(text);
        alert.show();
    }
}
