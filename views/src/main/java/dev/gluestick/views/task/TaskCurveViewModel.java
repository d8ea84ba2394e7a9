package dev.gluestick.views.task;

import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.TradeOff;
import dev.gluestick.views.format.Format;
import dev.gluestick.views.jobs.Job;
import dev.gluestick.views.jobs.JobExecutor;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.rank.RankViewModel;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.TaskEvaluator;
import dev.gluestick.views.service.TaskScore;
import dev.gluestick.views.service.WorkbenchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Task-level accuracy on the trade-off chart, for models that can be run (the bundled sample):
 * success and unsafe rate at a ladder of uniform ranks, evaluated in the background one rank at
 * a time and cached per analysis, so the chart fills in while the user keeps working.
 */
public final class TaskCurveViewModel {

    private final WorkbenchService service;
    private final JobExecutor executor;
    private final RankViewModel rank;
    private final ObservableList<TaskPoint> points = FXCollections.observableArrayList();
    private final ObservableList<TaskPoint> pointsView = FXCollections.unmodifiableObservableList(points);
    private final ReadOnlyObjectWrapper<TaskScore> dense = new ReadOnlyObjectWrapper<>(this, "dense");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final Map<Integer, TaskScore> cache = new HashMap<>();
    private Analysis current;
    private Job job;

    public TaskCurveViewModel(WorkbenchService service, JobExecutor executor, RankViewModel rank) {
        this.service = service;
        this.executor = executor;
        this.rank = rank;
        rank.allocationProperty().addListener((o, a, b) -> updateText());
    }

    /** The ranks evaluated: 0, powers of two up to R_max, and R_max. */
    public static List<Integer> ladder(int maxRank) {
        TreeSet<Integer> r = new TreeSet<>();
        r.add(0);
        for (int k = 4; k < maxRank; k *= 2) {
            r.add(k);
        }
        r.add(maxRank);
        return new ArrayList<>(r);
    }

    public void setAnalysis(Analysis a) {
        if (job != null && job.isRunning()) {
            job.cancel();
        }
        current = a;
        cache.clear();
        points.clear();
        dense.set(null);
        available.set(false);
        text.set("");
        TradeOff t = rank.tradeOffProperty().get();
        if (a == null || !a.model().sample() || t == null) {
            return;
        }
        List<Integer> ranks = ladder(t.maxRank());
        Analysis forA = a;
        // Even finding the evaluator may read the policy's weights: worker thread, like the episodes.
        job = executor.submit("Task accuracy per rank", ctx -> {
            Optional<TaskEvaluator> ev = service.taskEvaluator(forA);
            if (ev.isEmpty()) {
                return 0;
            }
            TaskEvaluator evaluator = ev.get();
            ctx.publish(() -> {
                if (current == forA) {
                    available.set(true);
                    text.set("Evaluating " + evaluator.description() + "...");
                }
            });
            long steps = ranks.size() + 1L;
            ctx.progress(0, steps);
            ctx.message(evaluator.description() + ", dense");
            TaskScore d = evaluator.evaluateDense(ProgressSink.NONE);
            ctx.publish(() -> {
                if (current == forA) {
                    dense.set(d);
                    updateText();
                }
            });
            for (int i = 0; i < ranks.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                int r = ranks.get(i);
                ctx.message(evaluator.description() + ", rank " + r);
                Allocation alloc = t.allocate(new RankPolicy.Uniform(r));
                TaskScore s = evaluator.evaluate(alloc, ProgressSink.NONE);
                double mem = t.totals(alloc).ratioToDense() * 100;
                ctx.progress(i + 2, steps);
                ctx.publish(() -> {
                    if (current == forA) {
                        cache.put(r, s);
                        points.add(new TaskPoint(r, mem, s));
                        updateText();
                    }
                });
            }
            return ranks.size();
        }, n -> updateText());
    }

    private void updateText() {
        if (!available.get()) {
            return;
        }
        StringBuilder b = new StringBuilder("Task: ");
        TaskScore d = dense.get();
        if (d != null) {
            b.append(String.format(Locale.ROOT, "dense %s success, %s unsafe", Format.percent(d.successRate()),
                    Format.percent(d.unsafeRate())));
        }
        Allocation alloc = rank.allocationProperty().get();
        if (alloc != null && alloc.isUniform()) {
            TaskScore s = cache.get(alloc.maxRank());
            if (s != null) {
                b.append(String.format(Locale.ROOT, "; at rank %d %s success, %s unsafe", alloc.maxRank(),
                        Format.percent(s.successRate()), Format.percent(s.unsafeRate())));
            }
        }
        b.append(" (").append(points.size()).append(" ranks evaluated)");
        text.set(b.toString());
    }

    /** The cached score at a uniform rank, when evaluated. */
    public Optional<TaskScore> scoreAt(int uniformRank) {
        return Optional.ofNullable(cache.get(uniformRank));
    }

    public ObservableList<TaskPoint> getPoints() {
        return pointsView;
    }

    public ReadOnlyObjectProperty<TaskScore> denseProperty() {
        return dense.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
