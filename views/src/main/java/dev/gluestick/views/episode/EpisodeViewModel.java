package dev.gluestick.views.episode;

import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.jobs.JobExecutor;
import dev.gluestick.views.service.EpisodeReplay;
import dev.gluestick.views.service.TaskEvaluator;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The episode viewer: one evaluation episode replayed dense, pruned and recovered (at the
 * slider's current allocation), loaded in the background, with a step position to scrub or play.
 */
public final class EpisodeViewModel {

    private final TaskEvaluator evaluator;
    private final JobExecutor executor;
    private final Supplier<Allocation> allocation;
    private final IntegerProperty episode = new SimpleIntegerProperty(this, "episode", 0);
    private final IntegerProperty step = new SimpleIntegerProperty(this, "step", 0);
    private final ReadOnlyIntegerWrapper steps = new ReadOnlyIntegerWrapper(this, "steps", 0);
    private final ReadOnlyObjectWrapper<EpisodeReplay> replay = new ReadOnlyObjectWrapper<>(this, "replay");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public EpisodeViewModel(TaskEvaluator evaluator, JobExecutor executor, Supplier<Allocation> allocation) {
        this.evaluator = evaluator;
        this.executor = executor;
        this.allocation = allocation;
        episode.addListener((o, a, b) -> load());
    }

    /** (Re)loads the current episode with the current allocation. */
    public void load() {
        int index = Math.max(0, Math.min(episode.get(), evaluator.episodeCount() - 1));
        Allocation alloc = allocation.get();
        summary.set("Running episode " + index + "\u2026");
        executor.submit("Episode " + index, ctx -> evaluator.replay(index, alloc), r -> {
            if (r.index() != episode.get()) {
                return;
            }
            replay.set(r);
            int longest = r.runs().stream().mapToInt(EpisodeReplay.Run::length).max().orElse(1);
            steps.set(longest - 1);
            step.set(longest - 1);
            StringBuilder b = new StringBuilder("\u201c").append(r.instruction()).append("\u201d: ");
            for (int i = 0; i < r.runs().size(); i++) {
                EpisodeReplay.Run run = r.runs().get(i);
                b.append(i == 0 ? "" : ";  ").append(String.format(Locale.ROOT, "%s %s in %d steps", run.label(),
                        run.outcome(), run.length() - 1));
            }
            summary.set(b.toString());
        });
    }

    public void next() {
        episode.set(Math.min(evaluator.episodeCount() - 1, episode.get() + 1));
    }

    public void previous() {
        episode.set(Math.max(0, episode.get() - 1));
    }

    /** One step forward; false at the end (the view's Play stops there). */
    public boolean advance() {
        if (step.get() >= steps.get()) {
            return false;
        }
        step.set(step.get() + 1);
        return true;
    }

    public int episodeCount() {
        return evaluator.episodeCount();
    }

    public IntegerProperty episodeProperty() {
        return episode;
    }

    /** How many steps of each run are drawn. */
    public IntegerProperty stepProperty() {
        return step;
    }

    public ReadOnlyIntegerProperty stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EpisodeReplay> replayProperty() {
        return replay.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
