package dev.gluestick.views.jobs;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A started job as the UI sees it: title, bound progress and message, state, and Cancel. */
public final class Job {

    /** Where a job is in its life. */
    public enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final ReadOnlyStringWrapper title;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);
    private volatile Runnable canceller = () -> {};

    Job(String title) {
        this.title = new ReadOnlyStringWrapper(this, "title", title);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Fraction done in [0, 1], or -1 while unknown (an indeterminate bar). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State getState() {
        return state.get();
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /** Interrupts the worker; the job ends CANCELLED and its result is dropped. */
    public void cancel() {
        canceller.run();
    }

    // Executors in this package drive the state on the UI thread.

    void setCanceller(Runnable r) {
        canceller = r;
    }

    ReadOnlyDoubleWrapper progressWrapper() {
        return progress;
    }

    ReadOnlyStringWrapper messageWrapper() {
        return message;
    }

    void setState(State s) {
        state.set(s);
    }
}
