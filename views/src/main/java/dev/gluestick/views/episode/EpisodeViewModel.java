package dev.gluestick.views.episode;

import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.jobs.Job;
import dev.gluestick.views.jobs.JobExecutor;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.WorkbenchService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The episode viewer's state: which episode of the evaluation set, the world, the dense, pruned
 * and recovered (current allocation) trajectories, and the time shown. Traces are computed in the
 * background; the recovered one again whenever the allocation moves. Nothing runs while the
 * viewer is inactive (closed).
 */
public final class EpisodeViewModel {

    /** Which episodes the list offers. */
    public enum Filter {
        ALL("all episodes"),
        PRUNED_FAILS("dense succeeds, pruned fails");

        private final String label;

        Filter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One row of the episode list; outcomes are null until known. */
    public record Entry(int index, String instruction, EpisodeEnd dense, EpisodeEnd pruned) {
        @Override
        public String toString() {
            String s = String.format(Locale.ROOT, "#%d  %s", index, instruction.replace("go to the ", "").replace(" marker", ""));
            if (dense != null && pruned != null) {
                s += "  \u2014  dense " + dense.label() + ", pruned " + pruned.label();
            }
            return s;
        }
    }

    private final WorkbenchService service;
    private final JobExecutor executor;
    private final ObservableValue<Analysis> analysis;
    private final ObservableValue<Allocation> allocation;
    private final ChangeListener<Analysis> onAnalysis = (o, a, b) -> reload();
    private final ChangeListener<Allocation> onAllocation = (o, a, b) -> loadRecovered();

    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ObservableList<Entry> allEntries = FXCollections.observableArrayList();
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    /** One read-only view for everyone: a wrapper made per call would drop its listeners when collected. */
    private final ObservableList<Entry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(this, "filter", Filter.ALL);
    private final IntegerProperty episode = new SimpleIntegerProperty(this, "episode", 0);
    private final ReadOnlyObjectWrapper<EpisodeScene> scene = new ReadOnlyObjectWrapper<>(this, "scene");
    private final Map<PolicyVariant, ReadOnlyObjectWrapper<Trajectory>> trajectories = new EnumMap<>(PolicyVariant.class);
    private final Map<PolicyVariant, ReadOnlyStringWrapper> summaries = new EnumMap<>(PolicyVariant.class);
    private final IntegerProperty step = new SimpleIntegerProperty(this, "step", 0);
    private final ReadOnlyIntegerWrapper maxStep = new ReadOnlyIntegerWrapper(this, "maxStep", 0);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing", false);
    private final ReadOnlyStringWrapper timeText = new ReadOnlyStringWrapper(this, "timeText", "");
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper(this, "countText", "");

    private boolean active;
    private Analysis current;
    private EpisodeSource source;
    private Job sourceJob;
    private Job outcomesJob;
    private Job episodeJob;
    private Job recoveredJob;

    public EpisodeViewModel(WorkbenchService service, JobExecutor executor, ObservableValue<Analysis> analysis,
            ObservableValue<Allocation> allocation) {
        this.service = service;
        this.executor = executor;
        this.analysis = analysis;
        this.allocation = allocation;
        for (PolicyVariant v : PolicyVariant.values()) {
            trajectories.put(v, new ReadOnlyObjectWrapper<>(this, v.label()));
            summaries.put(v, new ReadOnlyStringWrapper(this, v.label() + "Summary", v.label()));
        }
        filter.addListener((o, a, b) -> applyFilter());
        episode.addListener((o, a, b) -> loadEpisode());
        step.addListener((o, a, b) -> updateTime());
    }

    // ---- life cycle

    /** Starts following the window's analysis and allocation (the viewer opened), or stops (closed). */
    public void setActive(boolean on) {
        if (on == active) {
            return;
        }
        active = on;
        if (on) {
            analysis.addListener(onAnalysis);
            allocation.addListener(onAllocation);
            reload();
        } else {
            analysis.removeListener(onAnalysis);
            allocation.removeListener(onAllocation);
            pause();
            cancelAll();
        }
    }

    public boolean isActive() {
        return active;
    }

    private void cancelAll() {
        for (Job j : new Job[] {sourceJob, outcomesJob, episodeJob, recoveredJob}) {
            if (j != null && j.isRunning()) {
                j.cancel();
            }
        }
        loading.set(false);
    }

    private void reload() {
        cancelAll();
        pause();
        Analysis a = analysis.getValue();
        current = a;
        source = null;
        available.set(false);
        allEntries.clear();
        entries.clear();
        scene.set(null);
        trajectories.values().forEach(t -> t.set(null));
        updateSummaries();
        updateMaxStep();
        if (a == null || !a.model().sample()) {
            status.set("The episode viewer needs the bundled sample, analysed (File > Open bundled sample, then Run).");
            return;
        }
        status.set("Preparing the episodes...");
        loading.set(true);
        sourceJob = executor.submit("Episode viewer: preparing episodes", ctx -> {
            Optional<EpisodeSource> s = service.episodeSource(a);
            if (s.isEmpty()) {
                return Optional.<Prepared>empty();
            }
            List<Entry> rows = new ArrayList<>();
            for (int i = 0; i < s.get().episodeCount(); i++) {
                rows.add(new Entry(i, s.get().scene(i).instruction(), null, null));
            }
            return Optional.of(new Prepared(s.get(), rows));
        }, p -> prepared(a, p));
    }

    private record Prepared(EpisodeSource source, List<Entry> rows) {}

    private void prepared(Analysis a, Optional<Prepared> p) {
        if (a != current || !active) {
            return;
        }
        loading.set(false);
        if (p.isEmpty()) {
            status.set("This model cannot be run episode by episode.");
            return;
        }
        source = p.get().source();
        allEntries.setAll(p.get().rows());
        applyFilter();
        available.set(true);
        int e = Math.max(0, Math.min(episode.get(), allEntries.size() - 1));
        if (e != episode.get()) {
            episode.set(e);
        } else {
            loadEpisode();
        }
        loadOutcomes();
    }

    private void loadOutcomes() {
        EpisodeSource s = source;
        Analysis a = current;
        outcomesJob = executor.submit("Episode viewer: outcomes of " + s.description(), ctx -> {
            ctx.message("dense policy");
            List<EpisodeEnd> dense = s.outcomes(PolicyVariant.DENSE);
            ctx.message("pruned policy");
            List<EpisodeEnd> pruned = s.outcomes(PolicyVariant.PRUNED);
            return List.of(dense, pruned);
        }, r -> {
            if (a != current || s != source) {
                return;
            }
            List<Entry> rows = new ArrayList<>();
            for (Entry e : allEntries) {
                rows.add(new Entry(e.index(), e.instruction(), r.get(0).get(e.index()), r.get(1).get(e.index())));
            }
            allEntries.setAll(rows);
            applyFilter();
        });
    }

    private void applyFilter() {
        List<Entry> shown = new ArrayList<>();
        for (Entry e : allEntries) {
            if (filter.get() == Filter.ALL
                    || (e.dense() == EpisodeEnd.SUCCESS && e.pruned() != null && e.pruned() != EpisodeEnd.SUCCESS)) {
                shown.add(e);
            }
        }
        entries.setAll(shown);
        boolean known = allEntries.isEmpty() || allEntries.get(0).pruned() != null;
        countText.set(allEntries.isEmpty() ? "" : filter.get() == Filter.ALL || known
                ? shown.size() + " of " + allEntries.size() + " episodes"
                : "running every episode dense and pruned...");
    }

    // ---- traces

    private void loadEpisode() {
        EpisodeSource s = source;
        if (s == null || !active) {
            return;
        }
        int e = episode.get();
        if (e < 0 || e >= s.episodeCount()) {
            return;
        }
        if (episodeJob != null && episodeJob.isRunning()) {
            episodeJob.cancel();
        }
        if (recoveredJob != null && recoveredJob.isRunning()) {
            recoveredJob.cancel();
        }
        pause();
        Allocation alloc = allocation.getValue();
        loading.set(true);
        status.set("Running episode #" + e + "...");
        episodeJob = executor.submit("Episode viewer: episode #" + e, ctx -> {
            EpisodeScene sc = s.scene(e);
            Map<PolicyVariant, Trajectory> t = new EnumMap<>(PolicyVariant.class);
            for (PolicyVariant v : PolicyVariant.values()) {
                if (v != PolicyVariant.RECOVERED || alloc != null) {
                    t.put(v, s.trace(e, v, alloc));
                }
            }
            return new Loaded(sc, t);
        }, l -> {
            if (s != source || e != episode.get()) {
                return;
            }
            scene.set(l.scene());
            for (PolicyVariant v : PolicyVariant.values()) {
                trajectories.get(v).set(l.traces().get(v));
            }
            loading.set(false);
            status.set("");
            updateSummaries();
            updateMaxStep();
            step.set(maxStep.get());
            updateTime();
            if (alloc != allocation.getValue()) {
                loadRecovered(); // the slider moved while the episode ran
            }
        });
    }

    private record Loaded(EpisodeScene scene, Map<PolicyVariant, Trajectory> traces) {}

    private void loadRecovered() {
        EpisodeSource s = source;
        Allocation alloc = allocation.getValue();
        if (s == null || !active || alloc == null || scene.get() == null) {
            return;
        }
        if (episodeJob != null && episodeJob.isRunning()) {
            return; // the episode job reads the allocation when it starts; a newer one comes below
        }
        if (recoveredJob != null && recoveredJob.isRunning()) {
            // One run at a time while the slider is dragged (a run cannot be stopped half way):
            // when it finishes it notices the allocation moved and starts the next.
            return;
        }
        int e = episode.get();
        recoveredJob = executor.submit("Episode viewer: recovered policy", ctx -> s.trace(e, PolicyVariant.RECOVERED, alloc),
                t -> {
                    if (s != source || e != episode.get() || !active) {
                        return;
                    }
                    if (alloc != allocation.getValue()) {
                        loadRecovered();
                        return;
                    }
                    trajectories.get(PolicyVariant.RECOVERED).set(t);
                    updateSummaries();
                    updateMaxStep();
                });
    }

    private void updateSummaries() {
        for (PolicyVariant v : PolicyVariant.values()) {
            Trajectory t = trajectories.get(v).get();
            String name = v == PolicyVariant.RECOVERED ? recoveredName() : v.label() + (v == PolicyVariant.PRUNED ? " (rank 0)" : "");
            summaries.get(v).set(t == null ? name : name + ": " + t.end().label() + " after " + t.steps() + " steps");
        }
    }

    private String recoveredName() {
        Allocation a = allocation.getValue();
        if (a == null) {
            return "recovered";
        }
        if (a.isUniform()) {
            return "recovered (rank " + a.maxRank() + ")";
        }
        if (a.policy() instanceof dev.gluestick.model.tradeoff.RankPolicy.Uniform u) {
            // Small layers (the 2-wide head) cap below the slider's rank.
            return "recovered (rank " + u.rank() + ")";
        }
        int min = Integer.MAX_VALUE;
        for (int r : a.ranks()) {
            min = Math.min(min, r);
        }
        return "recovered (ranks " + min + "-" + a.maxRank() + ")";
    }

    private void updateMaxStep() {
        int m = 0;
        for (ReadOnlyObjectWrapper<Trajectory> t : trajectories.values()) {
            if (t.get() != null) {
                m = Math.max(m, t.get().steps());
            }
        }
        maxStep.set(m);
        if (step.get() > m) {
            step.set(m);
        }
        updateTime();
    }

    private void updateTime() {
        timeText.set(String.format(Locale.ROOT, "step %d / %d", step.get(), maxStep.get()));
    }

    // ---- time commands

    /** Plays from the current step (from the start when at the end). */
    public void play() {
        if (maxStep.get() == 0) {
            return;
        }
        if (step.get() >= maxStep.get()) {
            step.set(0);
        }
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    /** One animation frame: {@code steps} steps on; playing stops at the end. */
    public void tick(int steps) {
        if (!playing.get()) {
            return;
        }
        int next = Math.min(maxStep.get(), step.get() + steps);
        step.set(next);
        if (next >= maxStep.get()) {
            pause();
        }
    }

    public void stepBy(int delta) {
        pause();
        step.set(Math.max(0, Math.min(maxStep.get(), step.get() + delta)));
    }

    public void toStart() {
        stepBy(-maxStep.get());
    }

    public void toEnd() {
        stepBy(maxStep.get());
    }

    // ---- properties

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The episodes the list offers under the current filter. */
    public ObservableList<Entry> getEntries() {
        return entriesView;
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    /** The episode shown (index in the evaluation set). */
    public IntegerProperty episodeProperty() {
        return episode;
    }

    public ReadOnlyObjectProperty<EpisodeScene> sceneProperty() {
        return scene.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Trajectory> trajectoryProperty(PolicyVariant v) {
        return trajectories.get(v).getReadOnlyProperty();
    }

    /** E.g. "pruned (rank 0): collision after 57 steps". */
    public ReadOnlyStringProperty summaryProperty(PolicyVariant v) {
        return summaries.get(v).getReadOnlyProperty();
    }

    /** The time shown, in steps from the start (0 = start pose). */
    public IntegerProperty stepProperty() {
        return step;
    }

    public ReadOnlyIntegerProperty maxStepProperty() {
        return maxStep.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** E.g. "57 of 200 episodes". */
    public ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeTextProperty() {
        return timeText.getReadOnlyProperty();
    }
}
